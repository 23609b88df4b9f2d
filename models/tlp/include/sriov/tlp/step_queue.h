// A payload event queue without allocation per entry: `notify(item, delay)`
// hands `item` (a small value: a pointer, a pair of them) back from `next()`
// once `delay` has passed, items due at the same time in the order they were
// notified (as tlm_utils::peq_with_get, whose std::multimap allocates a node
// per notification). A process sensitive to `event()` drains `next()` until
// it returns false. The root complex's nb_transport accesses and the
// endpoint's AT requests use it.
// Header-only: link sriov::systemc.
#pragma once

#include <algorithm>
#include <cstdint>
#include <systemc>
#include <vector>

namespace sriov {

template <typename Item>
class step_queue {
public:
    explicit step_queue(const char* name) : event_(name), sim_(sc_core::sc_get_curr_simcontext()) {}

    const sc_core::sc_event& event() const { return event_; }

    void notify(const Item& item, const sc_core::sc_time& delay) {
        heap_.push_back({sim_->time_stamp() + delay, seq_++, item});
        if (heap_.size() > 1) { // one entry (the usual case) is a heap already
            std::push_heap(heap_.begin(), heap_.end(), later);
        }
        event_.notify(delay); // keeps the earlier of two pending notifications
    }

    // The next item due now in `out`, or false (then the event is set for
    // the next one).
    bool next(Item& out) {
        if (heap_.empty()) {
            return false;
        }
        const sc_core::sc_time now = sim_->time_stamp();
        if (heap_.front().when > now) {
            event_.notify(heap_.front().when - now);
            return false;
        }
        if (heap_.size() > 1) {
            std::pop_heap(heap_.begin(), heap_.end(), later);
        }
        out = heap_.back().item;
        heap_.pop_back();
        return true;
    }

private:
    struct entry {
        sc_core::sc_time when;
        uint64_t seq;
        Item item;
    };
    static bool later(const entry& a, const entry& b) {
        return a.when != b.when ? a.when > b.when : a.seq > b.seq;
    }
    sc_core::sc_event event_;
    // The current time read inline (sc_time_stamp() is an out-of-line kernel
    // call, two per step).
    sc_core::sc_simcontext* sim_;
    std::vector<entry> heap_;
    uint64_t seq_ = 0;
};

} // namespace sriov
