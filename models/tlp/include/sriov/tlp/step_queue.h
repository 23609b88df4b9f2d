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
        if (last_ != end_ && (first_ == last_ || last_[-1].when <= when)) {
            *last_++ = {when, item}; // in time order, with room: the usual case
        } else {
            insert(when, item);
        }
        // Inside drain() its last next() sets the event for the earliest item;
        // a zero delay still gets its delta notification, as outside.
        if (!draining_ || delay.value() == 0) {
            event_.notify(delay); // keeps the earlier of two pending notifications
        }
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
        if (++first_ == last_) {
            first_ = last_ = buf_.get(); // empty: the next item starts the buffer again
        }
        return true;
    }

    // next() until it returns false, each item to `handle`: notifications
    // made meanwhile leave the event to the last next() (one kernel
    // notification for the earliest item instead of one per notify()).
    template <typename Handle>
    void drain(Handle&& handle) {
        struct open {
            bool& draining;
            ~open() { draining = false; } // also when `handle` throws
        } guard{draining_};
        draining_ = true;
        Item item;
        while (next(item)) {
            handle(item);
        }
    }

private:
    struct entry {
        sc_core::sc_time when;
        Item item;
    };
    static bool due_before(const sc_core::sc_time& when, const entry& e) { return when < e.when; }
    [[gnu::noinline]] void insert(const sc_core::sc_time& when, const Item& item) {
        if (last_ == end_) {
            make_room();
        }
        // After every item due by then: equal times stay in notification order.
        entry* at = std::upper_bound(first_, last_, when, due_before);
        std::move_backward(at, last_, last_ + 1);
        ++last_;
        *at = {when, item};
    }
    // The buffer is full up to its end: the pending items move to its start,
    // or to a buffer twice the size when they fill half of it or more.
    void make_room() {
        const std::size_t pending = static_cast<std::size_t>(last_ - first_);
        const std::size_t size = static_cast<std::size_t>(end_ - buf_.get());
        std::unique_ptr<entry[]> to =
            pending * 2 < size ? nullptr : std::make_unique<entry[]>(size == 0 ? 4 : size * 2);
        entry* const base = to != nullptr ? to.get() : buf_.get();
        std::move(first_, last_, base);
        if (to != nullptr) {
            end_ = to.get() + (size == 0 ? 4 : size * 2);
            buf_ = std::move(to);
        }
        first_ = base;
        last_ = base + pending;
    }
    sc_core::sc_event event_;
    // The current time read inline (sc_time_stamp() is an out-of-line kernel
    // call, two per step).
    sc_core::sc_simcontext* sim_;
    // [first_, last_): the pending items, sorted by due time, equal times in
    // notification order, inside the buffer [buf_, end_).
    std::unique_ptr<entry[]> buf_;
    entry* end_ = nullptr;
    entry* first_ = nullptr;
    entry* last_ = nullptr;
    bool draining_ = false;
};

} // namespace sriov
