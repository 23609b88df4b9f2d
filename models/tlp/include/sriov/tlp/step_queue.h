// A payload event queue without allocation per entry: `notify(item, delay)`
// hands `item` (a small value: a pointer, a pair of them) back from `next()`
// once `delay` has passed, items due at the same time in the order they were
// notified (as tlm_utils::peq_with_get, whose std::multimap allocates a node
// per notification). A process sensitive to `event()` drains `next()` until
// it returns false, or calls `drain()`. The root complex's nb_transport
// accesses and the endpoint's AT requests use it.
// Header-only: link sriov::systemc.
#pragma once

#include <algorithm>
#include <memory>
#include <systemc>

namespace sriov {

template <typename Item>
class step_queue {
public:
    explicit step_queue(const char* name) : event_(name), sim_(sc_core::sc_get_curr_simcontext()) {}

    const sc_core::sc_event& event() const { return event_; }

    void notify(const Item& item, const sc_core::sc_time& delay) {
        const sc_core::sc_time when = sim_->time_stamp() + delay;
        // An empty queue passes too: last_[-1] is a taken item or the sentinel.
        if (last_ != end_ && last_[-1].when <= when) {
            *last_++ = {when, item}; // in time order, with room: the usual case
            // No call but the kernel's, last: the caller needs no stack frame.
            tell_kernel(delay);
            return;
        }
        insert({when, item}, delay);
    }

    // The next item due now in `out`, or false (then the event is set for
    // the next one).
    bool next(Item& out) {
        if (first_ == last_) {
            return false;
        }
        const sc_core::sc_time now = sim_->time_stamp();
        if (first_->when > now) {
            event_.notify(first_->when - now);
            return false;
        }
        out = first_->item;
        ++first_; // taken items stay until make_room()
        return true;
    }

    // next() until it returns false, each item to `handle(item, now)`:
    // notifications made meanwhile leave the event to the last next() (one
    // kernel notification for the earliest item instead of one per notify()).
    template <typename Handle>
    [[gnu::always_inline]] void drain(Handle&& handle) {
        struct open {
            bool& draining;
            ~open() { draining = false; } // also when `handle` throws
        } guard{draining_};
        draining_ = true;
        Item item;
        while (next(item)) {
            handle(item, sim_->time_stamp()); // the time next() read: no reload
        }
    }

private:
    struct entry {
        sc_core::sc_time when;
        Item item;
    };
    static bool due_before(const sc_core::sc_time& when, const entry& e) { return when < e.when; }
    // Inside drain() its last next() sets the event for the earliest item;
    // a zero delay still gets its delta notification, as outside.
    [[gnu::always_inline]] void tell_kernel(const sc_core::sc_time& delay) {
        if (!draining_ || delay.value() == 0) {
            event_.notify(delay); // keeps the earlier of two pending notifications
        }
    }
    // notify() out of order or without room.
    [[gnu::noinline]] void insert(const entry& e, const sc_core::sc_time& delay) {
        if (last_ == end_) {
            make_room();
        }
        // After every item due by then: equal times stay in notification order.
        entry* at = std::upper_bound(first_, last_, e.when, due_before);
        std::move_backward(at, last_, last_ + 1);
        ++last_;
        *at = e;
        tell_kernel(delay);
    }
    // The buffer is full up to its end: the pending items move to its start,
    // or to a buffer twice the size when they fill half of it or more.
    void make_room() {
        const auto pending = static_cast<std::size_t>(last_ - first_);
        const auto size = static_cast<std::size_t>(end_ - buf_);
        if (pending * 2 >= size) {
            const std::size_t grown = size == 0 ? 64 : size * 2;
            auto to = std::make_unique<entry[]>(grown + 1); // [0]: the sentinel, due at 0
            std::move(first_, last_, to.get() + 1);
            store_ = std::move(to);
            buf_ = store_.get() + 1;
            end_ = buf_ + grown;
        } else {
            std::move(first_, last_, buf_);
        }
        first_ = buf_;
        last_ = buf_ + pending;
    }
    sc_core::sc_event event_;
    // The current time read inline (sc_time_stamp() is an out-of-line kernel
    // call, two per step).
    sc_core::sc_simcontext* sim_;
    // [first_, last_): the pending items, sorted by due time, equal times in
    // notification order, inside the buffer [buf_, end_); before them the
    // items taken since make_room(), before buf_ a sentinel due at time 0, so
    // that last_[-1] is never after the current time when the queue is empty.
    std::unique_ptr<entry[]> store_;
    entry* buf_ = nullptr;
    entry* end_ = nullptr;
    entry* first_ = nullptr;
    entry* last_ = nullptr;
    bool draining_ = false;
};

} // namespace sriov
