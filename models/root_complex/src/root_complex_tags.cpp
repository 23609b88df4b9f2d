// The root complex's one tag space for its memory path (mmio_window.h): a
// memory read takes its tag from the allocator the config requests use and
// counts against the same outstanding limit (issue 15, docs/data-path.md).
#include "sriov/root_complex/root_complex.h"

#include <algorithm>

namespace sriov::root_complex {

// AT: blocks the calling thread until fewer than max_outstanding requests,
// config or memory, are in flight.
void root_complex::wait_for_slot() {
    while (in_flight_ >= cfg_.max_outstanding) {
        ++threads_waiting_for_slot_;
        wait(slot_freed_);
        --threads_waiting_for_slot_;
    }
}

// AT: a tag no request in flight carries, counted against the limit.
uint16_t root_complex::claim_tag() {
    const uint16_t tag = next_tag();
    tags_in_flight_.set(tag);
    ++in_flight_;
    max_in_flight_ = std::max(max_in_flight_, in_flight_);
    return tag;
}

// AT: `tag` is free again; a waiting thread or nb access may take a slot.
void root_complex::free_tag(uint16_t tag) {
    tags_in_flight_.reset(tag);
    --in_flight_;
    if (threads_waiting_for_slot_ != 0 || !nb_waiting_.empty()) {
        slot_freed_.notify(sc_core::SC_ZERO_TIME); // nobody waiting: no delta cycle
    }
}

// LT: the next tag round robin, shared with the config requests (nothing is
// in flight across calls). AT: waits, like a config request, for the
// outstanding limit, then holds a tag no request in flight carries.
uint16_t root_complex::acquire_tag() {
    if (cfg_.mode == coding_style::lt) {
        return advance_tag();
    }
    wait_for_slot();
    return claim_tag();
}

void root_complex::release_tag(uint16_t tag) {
    if (cfg_.mode != coding_style::lt) {
        free_tag(tag);
    }
}

} // namespace sriov::root_complex
