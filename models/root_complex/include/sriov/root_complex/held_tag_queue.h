// The tags of ecam_nb accesses answered ahead (BEGIN_RESP with the completion
// pipeline annotated, root_complex.h): each stays in flight until its time.
// Kept in time order (equal times in the order held) in a ring with room for
// every tag, so the earliest is the first and the ones whose time has come
// leave from the front: the usual access frees one and counts one, where a
// vector walk with an erase cost about 40 instructions more per access.
#pragma once

#include <systemc>

#include <array>
#include <cstdint>

namespace sriov::root_complex {

class held_tag_queue {
public:
    static constexpr unsigned capacity = 256; // 8-bit tags, each held at most once

    bool empty() const { return head_ == tail_; }
    unsigned size() const { return tail_ - head_; }
    // The earliest time a held tag is free (not empty()).
    const sc_core::sc_time& first() const { return until_[head_ % capacity]; }

    // `tag` is in flight until `until` (not held already: size() < capacity).
    void hold(uint16_t tag, const sc_core::sc_time& until) {
        if (empty() || !(until < until_[(tail_ - 1) % capacity])) {
            until_[tail_ % capacity] = until; // the usual case: answers come in time order
            tag_[tail_++ % capacity] = tag;
            return;
        }
        insert(tag, until);
    }

    // Those whose time has come by `now` leave (`free(tag)` for each, in time
    // order); returns how many of the others are free by `due`.
    template <typename FreeTag>
    unsigned release(const sc_core::sc_time& now, const sc_core::sc_time& due, FreeTag&& free) {
        unsigned free_by_due = 0;
        for (unsigned i = head_; i != tail_; ++i) {
            const sc_core::sc_time& until = until_[i % capacity];
            if (until > due) {
                break;
            }
            if (until <= now) { // in time order: those freed are the first ones
                head_ = i + 1;
                free(tag_[i % capacity]);
            } else {
                ++free_by_due;
            }
        }
        return free_by_due;
    }

private:
    // Out of order: after every entry due at or before `until`.
    [[gnu::noinline]] void insert(uint16_t tag, const sc_core::sc_time& until) {
        unsigned i = tail_++;
        for (; i != head_ && until < until_[(i - 1) % capacity]; --i) {
            until_[i % capacity] = until_[(i - 1) % capacity];
            tag_[i % capacity] = tag_[(i - 1) % capacity];
        }
        until_[i % capacity] = until;
        tag_[i % capacity] = tag;
    }

    // Two arrays, not one of pairs: an index scales by a power of two.
    std::array<sc_core::sc_time, capacity> until_{};
    std::array<uint16_t, capacity> tag_{};
    unsigned head_ = 0; // counters; the entry is at counter % capacity
    unsigned tail_ = 0;
};

} // namespace sriov::root_complex
