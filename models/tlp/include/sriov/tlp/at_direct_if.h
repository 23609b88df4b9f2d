// The AT direct call between the model's own modules: a config TLP goes from
// the root complex through the link to the endpoint, and its completion back,
// as a `tlp&` beside the generic payload that carries it, without a phase, a
// socket call and an extension lookup per hop (docs/performance.md, "The AT
// direct hops"). Each module's nb_transport_fw/_bw and its direct call apply
// one set of rules (the link's booking, the endpoint's queue and answer, the
// root complex's completion), so both ways give the same results and times;
// the sockets stay for anything else bound in between (a user's interconnect
// or monitor, a test's TLP source).
// Header-only: link sriov::systemc.
#pragma once

#include "sriov/tlp/tlp.h"

#include <systemc>
#include <tlm>

namespace sriov {

// Takes completions handed back by direct call (the root complex from the
// link, the link from the endpoint).
class at_completion_if {
public:
    // The completion in `t`, carried by `gp` (its request's payload), is
    // handed over now and arrives `delay` from now: BEGIN_RESP's annotation.
    // `delay` may be the caller's member, which its next TLP overwrites: read
    // it before calling anything that may send one (the link's tail call).
    virtual void completion_at(tlm::tlm_generic_payload& gp, tlp& t,
                               const sc_core::sc_time& delay) = 0;

protected:
    ~at_completion_if() = default;
};

// Takes requests by direct call (the link from the root complex, the
// endpoint from the link).
class at_request_if {
public:
    // At end of elaboration: the completions of requests taken by
    // request_at() go to `back`. False: this target cannot take them, use
    // the socket.
    virtual bool connect_at(at_completion_if& back) = 0;
    // The request in `t`, carried by `gp`, is handed over now with `delay`
    // annotated: BEGIN_REQ's annotation. As for completion_at, read `delay`
    // before calling anything that may send another request.
    virtual void request_at(tlm::tlm_generic_payload& gp, tlp& t,
                            const sc_core::sc_time& delay) = 0;

protected:
    ~at_request_if() = default;
};

// The direct interface of whatever `socket` is bound to, connected to
// `back`; nullptr when it offers none (then use the socket). Call once port
// binding is complete.
template <typename InitiatorSocket>
at_request_if* connect_at_target_of(InitiatorSocket& socket, at_completion_if& back) {
    auto* direct = dynamic_cast<at_request_if*>(socket.operator->());
    return direct != nullptr && direct->connect_at(back) ? direct : nullptr;
}

} // namespace sriov
