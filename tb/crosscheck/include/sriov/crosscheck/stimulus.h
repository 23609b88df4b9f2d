// Stimulus of the cross-check: directed sequences and constrained-random
// sequences from a seed. Sequences talk to a tlp_host (send a TLP to the TLM
// endpoint, let simulated time pass, reset, checkpoint); they use the TLM
// device (read-only) to know which functions exist and when they are ready.
#pragma once

#include "sriov/config/sriov_device.h"
#include "sriov/tlp/tlp.h"

#include <cstdint>
#include <string>

namespace sriov::crosscheck {

class tlp_host {
public:
    virtual ~tlp_host() = default;
    // Sends one config request TLP to the endpoint at the current time and
    // returns its completion (status UR when none came back); time advances
    // by the endpoint's processing time.
    virtual tlp send(const tlp& request) = 0;
    virtual void advance_ns(uint64_t ns) = 0; // idle simulated time
    virtual uint64_t now_ns() const = 0;
    virtual void reset() = 0;      // conventional reset of the endpoint now
    virtual void checkpoint() = 0; // full sweep of both models now
};

// Deterministic 64-bit generator (splitmix64): the same seed gives the same
// TLP stream on every platform and standard library.
class rng {
public:
    explicit rng(uint64_t seed) : s_(seed) {}
    uint64_t next();
    uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; } // [0, n)
    bool chance(unsigned percent_x10) { return below(1000) < percent_x10; }

private:
    uint64_t s_;
};

enum class sequence_kind : uint8_t {
    registers, // every DW and byte lane of the PF and VFs: read, write 1s/0s, read
    sriov,     // SR-IOV rules: NumVFs/VF Enable, page sizes, VF BARs, FLRs, absent VFs
    random,    // constrained random from the seed
    pfs,       // every PF in turn: CRS windows, D-states, VF Enable, VF and PF FLR;
               // then UR logging with the AER Header Log (stimulus_pfs.cpp)
};
const char* to_string(sequence_kind k);
bool parse_sequence(const std::string& s, sequence_kind& out);

struct stimulus_options {
    uint64_t seed = 1;
    uint64_t tlps = 100'000;       // random: requests to send
    uint64_t checkpoint_every = 0; // random: sweep every N requests (0: only at the end)
};

// The `pfs` sequence (stimulus_pfs.cpp); returns the request TLPs sent.
uint64_t run_pfs_sequence(tlp_host& host, const config::sriov_device& device);

// Runs one sequence; returns the number of request TLPs sent.
uint64_t run_sequence(sequence_kind kind, tlp_host& host, const config::sriov_device& device,
                      const stimulus_options& opt);

} // namespace sriov::crosscheck
