// The root complex's one tag space for its memory path (mmio_window.h): a
// memory read takes its tag from the allocator the config requests use and
// counts against the same outstanding limit (issue 15, docs/data-path.md).
#include "nb_access.h"

namespace sriov::root_complex {

// AT: blocks the calling thread until fewer than max_outstanding requests,
// config or memory, are in flight.
void root_complex::wait_for_slot() {
    for (free_held_tags(); in_flight_ >= cfg_.max_outstanding; free_held_tags()) {
        ++waiting_for_slot_;
        wake_at_held_tag_free();
        wait(slot_freed_);
        --waiting_for_slot_;
    }
}

void root_complex::wake_at_held_tag_free() {
    if (held_tags_.empty()) {
        return;
    }
    const sc_core::sc_time& first = held_tags_.first();
    const sc_core::sc_time& now = this->now();
    held_tag_free_.notify(first > now ? first - now : sc_core::SC_ZERO_TIME);
}

// LT: the next tag round robin, shared with the config requests (nothing is
// in flight across calls). AT: waits, like a config request, for the
// outstanding limit, then holds a tag no request in flight carries.
uint16_t root_complex::acquire_tag() {
    if (cfg_.mode == coding_style::lt) {
        return advance_tag();
    }
    wait_for_slot();
    return claim_tag(0); // wait_for_slot freed the held tags due now
}

void root_complex::release_tag(uint16_t tag) {
    if (cfg_.mode != coding_style::lt) {
        free_tag(tag);
    }
}

} // namespace sriov::root_complex
