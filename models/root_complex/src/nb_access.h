// The root complex's AT records: one tag's request in flight on the link
// (`slot`), and one access of an ecam_nb initiator while the root complex
// carries it (root_complex_nb.cpp): where it is, and what
// root_complex::access() keeps in locals for a blocking one.
#pragma once

#include "sriov/root_complex/root_complex.h"
#include "sriov/tlp/tlp_extension.h"

#include <cstddef>
#include <vector>

namespace sriov::root_complex {

struct root_complex::slot {
    // The slot's payload knows its slot: a completion handed back by direct
    // call (completion_at) finds it without a search.
    struct payload : tlm::tlm_generic_payload {
        slot* owner = nullptr;
    };
    payload gp;
    tlp_extension* ext = nullptr;
    sc_core::sc_event done;
    sc_core::sc_time deadline;
    bool busy = false;    // a request of this slot is in flight
    bool waiting = false; // a thread waits for this slot's completion
    bool completed = false;
    uint16_t tag = 0;        // of the request in flight (the payload's TLP becomes its completion)
    nb_access* nb = nullptr; // the nb_transport access it carries; nullptr: a blocked thread

    slot() {
        ext = new tlp_extension;
        gp.set_extension(ext);
        gp.owner = this;
    }
    slot(const slot&) = delete; // `gp.owner` points here
    slot& operator=(const slot&) = delete;
};

struct root_complex::nb_access {
    tlm::tlm_generic_payload* gp = nullptr;
    int initiator = 0;                    // ecam_nb index to answer on
    config_access_result* info = nullptr; // the caller's config_access_extension, if any
    config_access_result local;           // the counts when nobody asked for them
    bool in_fw = false;     // stepped inside nb_fw: finishing there returns TLM_COMPLETED
    bool concluded = false; // the response is set (refused at once, or the one-DW answer)
    bool one_dw = false;    // one_whole_dw() on a link route: the fast path
    sc_core::sc_time start; // when it arrived (latency_ps)
    routing_id rid;
    route where = route::unsupported;
    bool write = false;
    std::vector<ecam::dw_chunk> dws; // ecam::split of the access
    std::size_t dw = 0;              // the DW in progress
    tlp request;                     // its TLP, while one is in flight or due
    uint16_t tag = 0;
    unsigned retries = 0; // CRS retries of this DW
    slot* in_flight = nullptr;
    nb_step next = nb_step::arrive;

    config_access_result& result() { return info != nullptr ? *info : local; }
};

} // namespace sriov::root_complex
