// The root complex's AT records: one tag's request in flight on the link
// (`slot`), and one access of an ecam_nb initiator while the root complex
// carries it (root_complex_nb.cpp): where it is, and what
// root_complex::access() keeps in locals for a blocking one; and the tag and
// slot rules every AT TLP takes, inline.
#pragma once

#include "access_bytes.h"
#include "sriov/pcie/sim_time.h"
#include "sriov/root_complex/one_dw_request.h"
#include "sriov/root_complex/root_complex.h"
#include "sriov/tlp/tlp_extension.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
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
    // The usual ecam_nb access (nb_one_dw) is carried by its slot alone: its
    // payload, initiator, the request's IDs word (with the tag) and route.
    // Its nb_access is made only for an answer other than the usual one
    // (nb_record_of). nullptr: `nb` or a blocked thread.
    tlm::tlm_generic_payload* user = nullptr;
    int initiator = 0;
    uint64_t ids = 0;
    route where = route::unsupported;

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

// The tag and slot rules of the AT path, inline: every AT TLP takes them
// (root_complex.cpp, root_complex_nb.cpp, root_complex_tags.cpp).

// AT: 8-bit tags, round robin, a tag in flight skipped; at most 256 slots
// exist (LT takes advance_tag(): nothing is in flight across its calls). A
// timed-out request's tag may be reused at once (PCIe 2.8): its late
// completion is recognised by its payload, not its tag.
inline uint16_t root_complex::next_tag() {
    for (;;) {
        const uint16_t tag = advance_tag();
        if (!tags_in_flight_[tag]) {
            return tag;
        }
    }
}

// AT: a tag no request in flight carries, counted against the limit from
// the request's start on (the `free_by_due` held tags free by then are not).
inline uint16_t root_complex::claim_tag(unsigned free_by_due) {
    const uint16_t tag = next_tag();
    tags_in_flight_[tag] = true;
    ++in_flight_;
    max_in_flight_ = std::max(max_in_flight_, in_flight_ - free_by_due);
    return tag;
}

// AT: `tag` is free again; a waiting thread or nb access may take a slot.
inline void root_complex::free_tag(uint16_t tag) {
    tags_in_flight_[tag] = false;
    --in_flight_;
    if (anyone_waits_for_slot()) {
        slot_freed_.notify(sc_core::SC_ZERO_TIME); // nobody waiting: no delta cycle
    }
}

// AT: a free slot with a fresh tag (in_flight_ below the limit) for a
// request that starts at `due`; the completion timeout armed.
[[gnu::always_inline]] inline root_complex::slot&
root_complex::claim_slot(nb_access* nb, const sc_core::sc_time& due, unsigned free_by_due) {
    slot* s = nullptr;
    for (auto& candidate : slots_) {
        if (!candidate->busy) {
            s = candidate.get();
            break;
        }
    }
    s->tag = claim_tag(free_by_due);
    s->busy = true;
    s->waiting = true;
    s->completed = false;
    s->nb = nb;
    s->user = nullptr;
    s->deadline = time_sum(due + request_time_, timeout_);
    if (!watchdog_armed_ || s->deadline < watchdog_at_) {
        watchdog_armed_ = false; // an access handed on ahead may time out first
        arm_watchdog();
    }
    return *s;
}

// AT: BEGIN_REQ of the slot's TLP on the link with the request pipeline as
// annotated delay, `delay` from now.
[[gnu::always_inline]] inline void root_complex::send_on_link(slot& s,
                                                              const sc_core::sc_time& delay) {
    sc_core::sc_time link_delay = delay + request_time_;
    if (at_link_ != nullptr) {
        at_link_->request_at(s.gp, s.ext->value, link_delay);
    } else {
        s.gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE); // for what is bound in between
        tlm::tlm_phase phase = tlm::BEGIN_REQ;
        link_port->nb_transport_fw(s.gp, phase, link_delay);
    }
}

// AT: a free slot sends `request` with a fresh tag.
[[gnu::always_inline]] inline root_complex::slot*
root_complex::dispatch(const tlp& request, uint16_t& tag, nb_access* nb,
                       const sc_core::sc_time& delay, unsigned free_by_due) {
    slot& s = claim_slot(nb, now() + delay, free_by_due);
    tag = s.tag;
    s.ext->value = request;
    s.ext->value.tag = tag;
    send_on_link(s, delay);
    return &s;
}

// The held tags whose time has come are free (free_tag: a waiting thread or
// nb access may take one); while someone still waits, the next one's time
// is notified.
inline unsigned root_complex::free_held_tags_by(const sc_core::sc_time& due) {
    const unsigned free_by_due =
        held_tags_.release(now(), due, [this](uint16_t tag) { free_tag(tag); });
    if (anyone_waits_for_slot()) {
        wake_at_held_tag_free();
    }
    return free_by_due;
}

// The link hands the completion of `s` over, arriving `arrival` from now,
// for one whole DW of `gp` sent with `ids` (its IDs word with the tag): when
// it is a matching successful completion, BEGIN_RESP goes to `initiator` at
// once with the end of the completion pipeline annotated; the tag stays held
// until then (held_tags_), the record (if any) is free. False: anything else,
// stepped through nb_answered at that time.
[[gnu::always_inline]] inline bool
root_complex::nb_answer_at_once(slot& s, tlm::tlm_generic_payload& gp, int initiator, uint64_t ids,
                                nb_access* record, const sc_core::sc_time& arrival) {
    const tlp& cpl = s.ext->value;
    if (!completes_one_dw(cpl, ids)) {
        return false;
    }
    if (gp.get_command() != tlm::TLM_WRITE_COMMAND) {
        std::memcpy(gp.get_data_ptr(), &cpl.data, 4); // what take_answer gives
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    sc_core::sc_time delay = arrival + completion_time_;
    s.waiting = false; // the slot is free; its tag is held until `delay`
    s.busy = false;
    s.user = nullptr;
    held_tags_.hold(s.tag, now() + delay);
    if (anyone_waits_for_slot()) {
        wake_at_held_tag_free();
    }
    if (record != nullptr) {
        nb_free_.push_back(record); // free before the call: the initiator may send the next one
    }
    tlm::tlm_phase phase = tlm::BEGIN_RESP;
    ecam_nb[initiator]->nb_transport_bw(gp, phase, delay);
    return true;
}

// The completion of the request in flight on `s` arrives `delay` from now: a
// BEGIN_RESP ahead, or the access's next step at the end of the completion
// pipeline.
[[gnu::always_inline]] inline void root_complex::take_completion(slot& s,
                                                                 const sc_core::sc_time& delay) {
    s.completed = true;
    if (s.user != nullptr) { // the usual access, carried by its slot
        if (nb_answer_at_once(s, *s.user, s.initiator, s.ids, nullptr, delay)) {
            return;
        }
        nb_record_of(s);
    } else if (s.nb != nullptr && s.nb->one_dw &&
               nb_answer_at_once(
                   s, *s.nb->gp, s.nb->initiator,
                   ids_word(s.nb->request.requester, s.nb->tag, s.nb->request.completer), s.nb,
                   delay)) {
        return;
    }
    if (s.nb != nullptr) {
        s.nb->next = nb_step::answered;
        nb_peq_.notify(s.nb, delay + completion_time_);
    } else {
        s.done.notify(delay + completion_time_);
    }
}

} // namespace sriov::root_complex
