// The root complex's nb_transport path (ecam_nb): each access is a state
// machine stepped by nb_peq_ on the simulated time axis, where a blocking AT
// access is a thread that waits. Every rule is root_complex.cpp's (refusal,
// routing, the TLP, tags and slots, the answer, CRS retries, the end), so the
// same access gives the same completion at the same time either way.
#include "access_bytes.h"
#include "nb_access.h"

#include "sriov/pcie/sim_time.h"
#include "sriov/root_complex/one_dw_request.h"

#include <algorithm>
#include <cstring>

namespace sriov::root_complex {

namespace {
constexpr const char* msg_type = "sriov/root_complex";
} // namespace

// A record for an access of `initiator` (reused: no allocation per access).
[[gnu::always_inline]] inline root_complex::nb_access&
root_complex::nb_record(int initiator, tlm::tlm_generic_payload& gp) {
    if (nb_free_.empty()) {
        nb_records_.push_back(std::make_unique<nb_access>());
        nb_free_.push_back(nb_records_.back().get());
    }
    nb_access& a = *nb_free_.back();
    nb_free_.pop_back();
    a.gp = &gp;
    a.initiator = initiator;
    return a;
}

// A tag is sure to be free at `due` for an access handed on now: nobody
// waits for one and, with the held tags free by then (`free_by_due`, those
// due by now freed), one is below the limit.
[[gnu::always_inline]] inline bool root_complex::nb_tag_sure(const sc_core::sc_time& due,
                                                             unsigned& free_by_due) {
    free_by_due = 0;
    if (!held_tags_.empty()) {
        free_by_due = free_held_tags_by(due);
    }
    return !anyone_waits_for_slot() && in_flight_ < tags_in_flight_.size() &&
           in_flight_ - free_by_due < cfg_.max_outstanding;
}

// The request of the one whole DW `gp` carries, routed by `where`, with
// `ids` (ids_word), as lt_one_dw builds it: the four words of
// put_one_dw_request.
[[gnu::always_inline]] inline void
root_complex::put_one_dw_request_of(tlp& t, const tlm::tlm_generic_payload& gp, uint64_t ids,
                                    route where) {
    const bool write = gp.get_command() == tlm::TLM_WRITE_COMMAND;
    uint32_t value = 0;
    if (write) {
        std::memcpy(&value, gp.get_data_ptr(), 4); // little-endian hosts, as lt_one_dw
    }
    put_one_dw_request(t, ids, write, where == route::type1,
                       static_cast<uint16_t>(ecam::offset_of(gp.get_address()) / 4), value);
}

// The one-DW record of `a` (routed to `rid` by `where`) and its request
// (tag 0: the slot's copy gets the tag).
void root_complex::nb_prepare_one_dw(nb_access& a, routing_id rid, route where) {
    tlm::tlm_generic_payload& gp = *a.gp;
    a.one_dw = true;
    a.concluded = false;
    a.rid = rid;
    a.where = where;
    a.write = gp.get_command() == tlm::TLM_WRITE_COMMAND;
    a.dw = 0; // a.dws when the general answer path needs it (nb_answered)
    a.retries = 0;
    put_one_dw_request_of(a.request, gp, ids_word(cfg_.requester_id, 0, rid), where);
}

// The usual access in one function (nb_fw's fast path): one whole DW, no
// details, a link route, a tag sure to be free at its start. What
// nb_arrive_ahead() and nb_arrive_one_dw() do for it, carried by its slot
// without a record; false, with at most the held tags due by now freed, when
// a condition fails: the general path.
[[gnu::always_inline]] inline bool root_complex::nb_one_dw(int initiator,
                                                           tlm::tlm_generic_payload& gp,
                                                           const sc_core::sc_time& delay) {
    const routing_id rid = ecam::rid_of(gp.get_address());
    const route where = port_.route_of(rid);
    const sc_core::sc_time due = now() + delay;
    unsigned free_by_due = 0;
    if ((where != route::type0 && where != route::type1) || !nb_tag_sure(due, free_by_due)) {
        return false;
    }
    slot& s = claim_slot(nullptr, due, free_by_due);
    s.user = &gp;
    s.initiator = initiator;
    s.ids = ids_word(cfg_.requester_id, s.tag, rid);
    s.where = where;
    put_one_dw_request_of(s.ext->value, gp, s.ids, where);
    ++tlps_sent_;
    send_on_link(s, delay);
    return true;
}

// The record of the usual access `s` carries, as nb_arrive_one_dw() would
// have made it, when its answer is not the usual one (CRS, UR/CA, a
// mismatch, a timeout): the general path takes it from there.
root_complex::nb_access& root_complex::nb_record_of(slot& s) {
    nb_access& a = nb_record(s.initiator, *s.user);
    a.info = nullptr;
    a.local = config_access_result{};
    a.in_fw = false;
    nb_prepare_one_dw(a, routing_id(static_cast<uint16_t>(s.ids >> 48)), s.where);
    ++a.local.tlps_sent;
    a.tag = s.tag;
    a.next = nb_step::answered;
    a.in_flight = &s;
    s.nb = &a;
    s.user = nullptr;
    return a;
}

tlm::tlm_sync_enum root_complex::nb_fw(int initiator, tlm::tlm_generic_payload& gp,
                                       tlm::tlm_phase& phase, sc_core::sc_time& delay) {
    if (phase != tlm::BEGIN_REQ || cfg_.mode == coding_style::lt) {
        return nb_fw_not_at_request(gp, phase, delay);
    }
    phase = tlm::END_REQ; // taken at once: tags are the root complex's business
    if (config_access_extension::alive() == 0 && one_whole_dw(gp) &&
        nb_one_dw(initiator, gp, delay)) {
        return tlm::TLM_UPDATED; // the usual access: on the link now
    }
    nb_access& a = nb_record(initiator, gp);
    // An access that ends without a TLP (refused; with a zero delay also no
    // route) completes in this call: TLM_COMPLETED, no backward call.
    a.in_fw = true;
    if (delay == sc_core::SC_ZERO_TIME) {
        nb_arrive(a); // access() starts at once too
    } else if (!nb_arrive_ahead(a, delay)) {
        a.next = nb_step::arrive;
        nb_peq_.notify(&a, delay); // access() waits the delay first
    }
    const bool finished = !a.in_fw;
    a.in_fw = false;
    return finished ? tlm::TLM_COMPLETED : tlm::TLM_UPDATED;
}

// nb_fw of anything but BEGIN_REQ on an AT root complex.
tlm::tlm_sync_enum root_complex::nb_fw_not_at_request(tlm::tlm_generic_payload& gp,
                                                      tlm::tlm_phase& phase,
                                                      sc_core::sc_time& delay) {
    if (phase == tlm::END_RESP) {
        return tlm::TLM_COMPLETED;
    }
    if (phase != tlm::BEGIN_REQ) {
        SC_REPORT_ERROR(msg_type, "unexpected phase on the ecam_nb socket");
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return tlm::TLM_COMPLETED;
    }
    b_transport(gp, delay); // LT never waits: complete at once
    return tlm::TLM_COMPLETED;
}

void root_complex::run_nb() {
    nb_access* a = nullptr;
    while (nb_peq_.next(a)) {
        switch (a->next) {
        case nb_step::arrive:
            nb_arrive(*a);
            break;
        case nb_step::send:
            nb_send(*a);
            break;
        case nb_step::answered:
            nb_answered(*a);
            break;
        case nb_step::root_port:
            nb_root_port(*a);
            break;
        case nb_step::root_port_done:
            ++a->dw;
            nb_next_dw(*a);
            break;
        }
    }
}

// access() up to its DW loop.
void root_complex::nb_arrive(nb_access& a) {
    tlm::tlm_generic_payload& gp = *a.gp;
    auto* ext = config_access_extension::alive() != 0 ? gp.get_extension<config_access_extension>()
                                                      : nullptr;
    a.info = ext != nullptr ? &ext->result : nullptr;
    a.result() = config_access_result{};
    a.one_dw = false;
    if (a.info == nullptr && one_whole_dw(gp) && nb_arrive_one_dw(a, sc_core::SC_ZERO_TIME)) {
        return;
    }
    a.concluded = !admissible(gp, a.info);
    if (a.concluded) {
        nb_finish(a);
        return;
    }
    a.start = now();
    const uint64_t addr = gp.get_address();
    a.rid = ecam::rid_of(addr);
    a.where = port_.route_of(a.rid);
    a.write = gp.get_command() == tlm::TLM_WRITE_COMMAND;
    const uint16_t offset = ecam::offset_of(addr);
    if (gp.get_byte_enable_ptr() == nullptr && gp.get_data_length() == 4 && (offset & 3u) == 0) {
        a.dws.resize(1); // one aligned DW, every byte: the chunk split() would give
        a.dws[0] = ecam::dw_chunk{static_cast<uint16_t>(offset / 4), 0xF, 0};
    } else {
        ecam::split(offset, gp.get_data_length(), enables_of(gp), a.dws);
    }
    a.dw = 0;
    nb_next_dw(a);
}

// BEGIN_REQ `delay` ahead of the access's start: a refused access ends now,
// as b_transport refuses before it waits the delay; one whole DW without
// details goes to the link now (nb_arrive_one_dw) when nothing waits for a
// tag and one is free at its start. False: the access arrives after `delay`.
bool root_complex::nb_arrive_ahead(nb_access& a, const sc_core::sc_time& delay) {
    tlm::tlm_generic_payload& gp = *a.gp;
    auto* ext = config_access_extension::alive() != 0 ? gp.get_extension<config_access_extension>()
                                                      : nullptr;
    a.info = ext != nullptr ? &ext->result : nullptr;
    if (a.info == nullptr && one_whole_dw(gp)) {
        a.local = config_access_result{};
        return nb_arrive_one_dw(a, delay);
    }
    a.result() = config_access_result{};
    if (admissible(gp, a.info)) {
        return false;
    }
    a.concluded = true;
    nb_finish(a);
    return true;
}

// One whole DW to the link without details (the usual access): its TLP at
// once, as lt_one_dw() builds it, `delay` from now. False when the root
// port's own registers or no route take it, or (with a delay) a tag is not
// sure to be free then: the general path then.
bool root_complex::nb_arrive_one_dw(nb_access& a, const sc_core::sc_time& delay) {
    const routing_id rid = ecam::rid_of(a.gp->get_address());
    const route where = port_.route_of(rid);
    if (where != route::type0 && where != route::type1) {
        return false;
    }
    const bool ahead = delay != sc_core::SC_ZERO_TIME;
    unsigned free_by_due = 0;
    if (ahead && !nb_tag_sure(now() + delay, free_by_due)) {
        return false;
    }
    nb_prepare_one_dw(a, rid, where);
    if (!ahead) {
        nb_send(a);
        return true;
    }
    ++a.local.tlps_sent;
    ++tlps_sent_;
    a.next = nb_step::answered;
    a.in_flight = dispatch(a.request, a.tag, &a, delay, free_by_due);
    return true;
}

// One pass of access()'s DW loop: the root port's pipelines, or the TLP.
void root_complex::nb_next_dw(nb_access& a) {
    config_access_result& r = a.result();
    if (a.dw == a.dws.size() || !routed(a.dws[a.dw], a.where, r)) {
        nb_finish(a);
        return;
    }
    if (a.where == route::root_port) {
        a.next = nb_step::root_port; // access_root_port: the request pipeline first
        nb_peq_.notify(&a, request_time_);
        return;
    }
    a.request = request_for(a.rid, a.where, a.write, a.dws[a.dw], a.gp->get_data_ptr());
    a.retries = 0;
    nb_send(a);
}

void root_complex::nb_root_port(nb_access& a) {
    const ecam::dw_chunk& c = a.dws[a.dw];
    unsigned char* data = a.gp->get_data_ptr();
    const uint32_t v =
        root_port_dw(a.write, c.dw_index, c.byte_enable, a.write ? gather_dw(c, data) : 0u);
    if (!a.write) {
        scatter_dw(c, v, data);
    }
    ++a.result().dws_completed;
    a.next = nb_step::root_port_done; // then the completion pipeline
    nb_peq_.notify(&a, completion_time_);
}

// send_at() without the wait: a free tag now, or in turn when one frees.
void root_complex::nb_send(nb_access& a) {
    ++a.result().tlps_sent;
    ++tlps_sent_;
    if (!held_tags_.empty()) {
        free_held_tags();
    }
    if (in_flight_ >= cfg_.max_outstanding) {
        nb_waiting_.push_back(&a);
        ++waiting_for_slot_;
        wake_at_held_tag_free();
        return;
    }
    a.next = nb_step::answered;
    a.in_flight = dispatch(a.request, a.tag, &a, sc_core::SC_ZERO_TIME, 0);
}

void root_complex::start_waiting_nb() {
    if (!held_tags_.empty()) {
        free_held_tags();
    }
    while (!nb_waiting_.empty() && in_flight_ < cfg_.max_outstanding) {
        nb_access& a = *nb_waiting_.front();
        nb_waiting_.erase(nb_waiting_.begin());
        --waiting_for_slot_;
        a.next = nb_step::answered;
        a.in_flight = dispatch(a.request, a.tag, &a, sc_core::SC_ZERO_TIME, 0);
    }
}

// The completion has gone through the completion pipeline, or the request
// timed out (check_timeouts): resolve()'s step.
void root_complex::nb_answered(nb_access& a) {
    tlp* cpl = release(a.in_flight);
    a.in_flight = nullptr;
    if (a.one_dw && cpl != nullptr && answers(*cpl, a.request, a.tag) &&
        cpl->status == completion_status::successful) {
        // What final_answer, take_answer and conclude give for it.
        if (!a.write) {
            std::memcpy(a.gp->get_data_ptr(), &cpl->data, 4);
        }
        a.gp->set_response_status(tlm::TLM_OK_RESPONSE);
        a.concluded = true;
        nb_finish(a);
        return;
    }
    if (a.one_dw) {
        a.dws.resize(1); // the one DW for the general path (CRS, failures)
        a.dws[0] = ecam::dw_chunk{a.request.dw_index, 0xF, 0};
    }
    config_access_result& r = a.result();
    if (!final_answer(a.request, a.tag, cpl, a.retries, r)) {
        ++a.retries;
        a.next = nb_step::send;
        nb_peq_.notify(&a, wait_time(crs_interval_));
        return;
    }
    if (take_answer(cpl, a.dws[a.dw], a.write, a.gp->get_data_ptr(), r)) {
        ++a.dw;
        nb_next_dw(a);
        return;
    }
    nb_finish(a);
}

// The end of the access: its response, BEGIN_RESP to its initiator now.
void root_complex::nb_finish(nb_access& a) {
    tlm::tlm_generic_payload& gp = *a.gp;
    if (!a.concluded) {
        conclude(gp, a.result(), a.info, a.start, sc_core::SC_ZERO_TIME);
    }
    const int initiator = a.initiator;
    nb_free_.push_back(&a); // free before the call: the initiator may send the next one
    if (a.in_fw) {
        a.in_fw = false; // nb_fw returns TLM_COMPLETED
        return;
    }
    tlm::tlm_phase phase = tlm::BEGIN_RESP;
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    ecam_nb[initiator]->nb_transport_bw(gp, phase, delay);
}

} // namespace sriov::root_complex
