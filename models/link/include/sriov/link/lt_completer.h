// The interface a completer offers the link for its LT direct call.
#pragma once

#include "sriov/tlp/tlp.h"

#include <systemc>

namespace sriov::link {

class pcie_link;

// A completer the link hands its whole LT direct call to: it runs the link's
// timing (pcie_link::carry_lt, inline from pcie_link.h) around its own
// answer, so an LT TLP crosses link and completer in one function, without a
// call (and its register saves) between them (docs/performance.md, branch
// ltep). The endpoint implements it and so depends on the link library; the link
// does not depend on the endpoint: it finds the interface on whatever its
// downstream port is bound to (direct_all_the_way()).
class lt_completer {
public:
    // pcie_link::transport_tlp() for `link`: carry_lt(t, delay, <the answer>).
    virtual bool transport_through(pcie_link& link, tlp& t, sc_core::sc_time& delay) = 0;

protected:
    ~lt_completer() = default;
};

} // namespace sriov::link
