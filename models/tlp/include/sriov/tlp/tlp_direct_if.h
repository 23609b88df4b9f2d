// The LT direct call between the model's own modules: a TLP goes from the
// root complex through the link to the endpoint as a plain `tlp&`, without a
// tlm_generic_payload and its extension lookups (docs/performance.md). Each
// module's b_transport unwraps the payload and calls the same function, so
// both ways apply one set of rules and give the same results and times; the
// generic payload way stays for anything else bound in between (a user's
// interconnect or monitor, a test's TLP source).
// Header-only: link sriov::systemc.
#pragma once

#include "sriov/tlp/tlp.h"

#include <systemc>
#include <tlm>

namespace sriov {

class tlp_direct_if {
public:
    // Carries the request in `t` with `delay` annotated as for b_transport.
    // True: `t` holds its completion, `delay` the completion's arrival. False:
    // no completion will come; `delay` is the time the request was dropped.
    virtual bool transport_tlp(tlp& t, sc_core::sc_time& delay) = 0;
    // True when transport_tlp() reaches the completer by direct calls all the
    // way (a link whose far side is another tlp_direct_if). Valid once port
    // binding is complete (end_of_elaboration on).
    virtual bool direct_all_the_way() = 0;

protected:
    ~tlp_direct_if() = default;
};

// The direct interface of whatever `socket` is bound to, when it offers one
// all the way to the completer; nullptr otherwise (then use the generic
// payload). Call once port binding is complete.
template <typename InitiatorSocket>
tlp_direct_if* direct_target_of(InitiatorSocket& socket) {
    auto* direct = dynamic_cast<tlp_direct_if*>(socket.operator->());
    return direct != nullptr && direct->direct_all_the_way() ? direct : nullptr;
}

} // namespace sriov
