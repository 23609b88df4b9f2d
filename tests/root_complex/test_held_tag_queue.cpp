// held_tag_queue: tags leave in time order (equal times in the order held),
// whether held in time order or not; release() frees exactly those due by
// `now` and counts those due by `due`; the ring's counters wrap.
#include "sriov/root_complex/held_tag_queue.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <systemc>
#include <vector>

namespace sriov::root_complex {
namespace {

sc_core::sc_time ns(uint64_t n) {
    return sc_core::sc_time(static_cast<double>(n), sc_core::SC_NS);
}

std::vector<uint16_t> release(held_tag_queue& q, uint64_t now, uint64_t due, unsigned& by_due) {
    std::vector<uint16_t> freed;
    by_due = q.release(ns(now), ns(due), [&](uint16_t tag) { freed.push_back(tag); });
    return freed;
}

TEST(HeldTagQueue, FreesThoseDueByNowAndCountsThoseDueByTheStart) {
    held_tag_queue q;
    q.hold(1, ns(10));
    q.hold(2, ns(20));
    q.hold(3, ns(30));
    unsigned by_due = 0;
    EXPECT_TRUE(release(q, 5, 5, by_due).empty());
    EXPECT_EQ(by_due, 0u);
    EXPECT_EQ(release(q, 15, 25, by_due), std::vector<uint16_t>{1});
    EXPECT_EQ(by_due, 1u); // tag 2; tag 3 is due after 25
    EXPECT_EQ(q.size(), 2u);
    EXPECT_EQ(q.first(), ns(20));
    EXPECT_EQ(release(q, 20, 30, by_due), std::vector<uint16_t>{2}); // due at now: freed
    EXPECT_EQ(by_due, 1u);
    EXPECT_EQ(release(q, 30, 30, by_due), std::vector<uint16_t>{3});
    EXPECT_EQ(by_due, 0u);
    EXPECT_TRUE(q.empty());
}

TEST(HeldTagQueue, OutOfOrderTagsGoAfterThoseDueAtOrBeforeTheirTime) {
    held_tag_queue q;
    q.hold(5, ns(30));
    q.hold(6, ns(10));
    q.hold(7, ns(30));
    q.hold(8, ns(20));
    q.hold(9, ns(10));
    EXPECT_EQ(q.first(), ns(10));
    unsigned by_due = 0;
    EXPECT_EQ(release(q, 10, 30, by_due), (std::vector<uint16_t>{6, 9}));
    EXPECT_EQ(by_due, 3u);
    EXPECT_EQ(release(q, 40, 40, by_due), (std::vector<uint16_t>{8, 5, 7}));
    EXPECT_TRUE(q.empty());
}

// Against a stable sort of (time, order held), over many wraps of the ring
// and up to every tag held at once.
TEST(HeldTagQueue, MatchesAStableSortOverManyWraps) {
    std::mt19937 rng(14);
    held_tag_queue q;
    struct held {
        uint64_t until;
        uint16_t tag;
    };
    std::vector<held> expected;
    std::vector<bool> in_flight(held_tag_queue::capacity, false);
    uint64_t now = 0;
    unsigned held_total = 0;
    for (unsigned round = 0; round < 20000; ++round) {
        const unsigned holds = rng() % 4;
        for (unsigned k = 0; k < holds && expected.size() < held_tag_queue::capacity; ++k) {
            uint16_t tag = static_cast<uint16_t>(rng() % held_tag_queue::capacity);
            while (in_flight[tag]) {
                tag = static_cast<uint16_t>((tag + 1) % held_tag_queue::capacity);
            }
            in_flight[tag] = true;
            const uint64_t until = now + rng() % 40; // often equal, often out of order
            q.hold(tag, ns(until));
            expected.push_back({until, tag});
            std::stable_sort(expected.begin(), expected.end(),
                             [](const held& a, const held& b) { return a.until < b.until; });
            ++held_total;
        }
        now += rng() % 12;
        const uint64_t due = now + rng() % 20;
        std::vector<uint16_t> want;
        unsigned want_by_due = 0;
        auto it = expected.begin();
        for (; it != expected.end() && it->until <= now; ++it) {
            want.push_back(it->tag);
            in_flight[it->tag] = false;
        }
        expected.erase(expected.begin(), it);
        for (const held& h : expected) {
            want_by_due += h.until <= due;
        }
        unsigned by_due = 0;
        ASSERT_EQ(release(q, now, due, by_due), want) << "round " << round;
        ASSERT_EQ(by_due, want_by_due) << "round " << round;
        ASSERT_EQ(q.size(), expected.size());
        if (!expected.empty()) {
            ASSERT_EQ(q.first(), ns(expected.front().until));
        }
    }
    EXPECT_GT(held_total, 3 * held_tag_queue::capacity); // the counters went round the ring
}

} // namespace
} // namespace sriov::root_complex
