// The two AT initiators of the root complex's tests: a blocking one (a
// thread that waits in b_transport on `ecam`, as the Windows stubs) and an
// nb_transport one on `ecam_nb` (BEGIN_REQ, BEGIN_RESP on the backward path,
// no thread per request), each recording every access's outcome
// (access_stream.h) with its completion time.
#pragma once

#include "access_stream.h"
#include "sriov/pcie/config_access.h"
#include "sriov/pcie/sim_time.h"

#include <cstdint>
#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <vector>

namespace sriov::test {

// One access's payload, as both initiators set it up. Its
// config_access_extension exists only once a step asks for details: the root
// complex takes its fast paths only while no such extension exists.
struct access {
    tlm::tlm_generic_payload gp;
    uint64_t data = 0;
    std::unique_ptr<config_access_extension> details;

    void prepare(const step& s) {
        test::set_payload(gp, data, s);
        if (s.details && gp.get_extension<config_access_extension>() == nullptr) {
            if (details == nullptr) {
                details = std::make_unique<config_access_extension>();
            }
            gp.set_extension(details.get());
        } else if (!s.details && gp.get_extension<config_access_extension>() != nullptr) {
            gp.clear_extension(details.get());
        }
    }
    outcome result(uint64_t time_ps) const {
        return {gp.get_response_status(), data, time_ps,
                gp.get_extension<config_access_extension>() != nullptr ? details->result
                                                                       : config_access_result{}};
    }
    ~access() {
        if (gp.get_extension<config_access_extension>() != nullptr) {
            gp.clear_extension(details.get()); // not the payload's to delete
        }
    }
};

// The blocking initiator: one access at a time in b_transport.
struct blocking_initiator : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<blocking_initiator> socket{"socket"};
    std::vector<step> steps;
    std::vector<outcome> seen;

    explicit blocking_initiator(sc_core::sc_module_name n) : sc_core::sc_module(n) {
        SC_HAS_PROCESS(blocking_initiator);
        SC_THREAD(run);
    }
    void run() {
        access a;
        for (const step& s : steps) {
            a.prepare(s);
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            socket->b_transport(a.gp, delay);
            seen.push_back(a.result(time_to_ps(sc_core::sc_time_stamp() + delay)));
        }
    }
};

// The nb_transport initiator: BEGIN_REQ, and the next access when BEGIN_RESP
// arrives (one at a time), or all of them at once (`all_at_once`).
struct nb_initiator : sc_core::sc_module, tlm::tlm_bw_transport_if<> {
    tlm::tlm_initiator_socket<> socket{"socket"};
    std::vector<step> steps;
    std::vector<outcome> seen;
    bool all_at_once = false;
    unsigned bad_phases = 0;

    explicit nb_initiator(sc_core::sc_module_name n) : sc_core::sc_module(n) {
        socket.bind(*this);
        SC_HAS_PROCESS(nb_initiator);
        SC_THREAD(run);
    }
    void run() {
        accesses_.resize(steps.size());
        for (auto& a : accesses_) {
            a = std::make_unique<access>();
        }
        seen.resize(steps.size());
        if (all_at_once) {
            for (size_t i = 0; i < steps.size(); ++i) {
                send(i);
            }
        } else if (!steps.empty()) {
            send(0);
        }
    }
    // Access i, starting `start` from now.
    void send(size_t i, const sc_core::sc_time& start = sc_core::SC_ZERO_TIME) {
        accesses_[i]->prepare(steps[i]);
        tlm::tlm_phase phase = tlm::BEGIN_REQ;
        sc_core::sc_time delay = start;
        const tlm::tlm_sync_enum s = socket->nb_transport_fw(accesses_[i]->gp, phase, delay);
        if (s == tlm::TLM_COMPLETED) { // ended without a TLP (refused, no route)
            ++completed_at_once;
            done(i, delay);
            return;
        }
        bad_phases += s != tlm::TLM_UPDATED || phase != tlm::END_REQ;
    }
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override {
        bad_phases += phase != tlm::BEGIN_RESP;
        for (size_t i = 0; i < accesses_.size(); ++i) {
            if (&accesses_[i]->gp == &gp) {
                done(i, delay);
            }
        }
        return tlm::TLM_COMPLETED;
    }
    // Access i is complete `delay` from now (BEGIN_RESP's annotation, which
    // the base protocol says to honour): the next one starts then.
    void done(size_t i, const sc_core::sc_time& delay) {
        seen[i] = accesses_[i]->result(time_to_ps(sc_core::sc_time_stamp() + delay));
        told_ps.resize(steps.size());
        told_ps[i] = time_to_ps(sc_core::sc_time_stamp());
        ++answered;
        if (!all_at_once && i + 1 < steps.size()) {
            send(i + 1, i == start_next_at_once_after ? sc_core::SC_ZERO_TIME : delay);
        }
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}
    size_t answered = 0;
    size_t completed_at_once = 0; // TLM_COMPLETED on BEGIN_REQ
    // When each BEGIN_RESP came (its completion time is this + the delay).
    std::vector<uint64_t> told_ps;
    // The access after this one starts when its BEGIN_RESP comes, not after
    // the annotated delay (a request due before the tag's time).
    size_t start_next_at_once_after = SIZE_MAX;

private:
    std::vector<std::unique_ptr<access>> accesses_;
};

} // namespace sriov::test
