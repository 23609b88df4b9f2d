// step_queue: items come out at their due time, equal times in notification
// order, whether appended in time order or inserted before later ones, and
// whether the process uses drain() (notifications meanwhile leave the event
// to its last next()) or a next() loop.
#include "sriov/tlp/step_queue.h"

#include <gtest/gtest.h>

#include <memory>
#include <systemc>
#include <utility>
#include <vector>

namespace sriov {
namespace {

using sc_core::SC_NS;
using sc_core::sc_time;

// Takes the items due: with drain() or a next() loop. An item below 1000
// that is a multiple of 7 notifies item + 1000 again 5 ns later from inside
// the drain.
struct sink : sc_core::sc_module {
    step_queue<int> q{"q"};
    bool use_drain;
    std::vector<std::pair<int, uint64_t>> got; // item, ns

    sink(sc_core::sc_module_name n, bool drain) : sc_core::sc_module(n), use_drain(drain) {
        SC_HAS_PROCESS(sink);
        SC_METHOD(run);
        sensitive << q.event();
        dont_initialize();
    }
    void take(int item) {
        got.emplace_back(item, static_cast<uint64_t>(sc_core::sc_time_stamp() / sc_time(1, SC_NS)));
        if (item < 1000 && item % 7 == 0) {
            q.notify(item + 1000, sc_time(5, SC_NS));
        }
        if (item >= 2000 && item < 2198) {
            q.notify(item + 2, sc_time(2, SC_NS)); // two chains: the queue never empties
        }
    }
    void run() {
        if (use_drain) {
            q.drain([this](int item, const sc_time&) { take(item); });
            return;
        }
        int item = 0;
        while (q.next(item)) {
            take(item);
        }
    }
};

sink* drained = nullptr;
sink* looped = nullptr;

std::vector<sink*> sinks() {
    return {drained, looped};
}

TEST(StepQueue, EqualTimesComeOutInNotificationOrder) {
    for (sink* s : sinks()) {
        s->got.clear();
        s->q.notify(1, sc_time(30, SC_NS));
        s->q.notify(2, sc_time(10, SC_NS));
        s->q.notify(3, sc_time(30, SC_NS));
        s->q.notify(4, sc_time(10, SC_NS));
        s->q.notify(5, sc_time(20, SC_NS));
        s->q.notify(6, sc_core::SC_ZERO_TIME);
    }
    const uint64_t t0 = static_cast<uint64_t>(sc_core::sc_time_stamp() / sc_time(1, SC_NS));
    sc_core::sc_start();
    for (sink* s : sinks()) {
        const std::vector<std::pair<int, uint64_t>> want = {
            {6, t0}, {2, t0 + 10}, {4, t0 + 10}, {5, t0 + 20}, {1, t0 + 30}, {3, t0 + 30}};
        EXPECT_EQ(s->got, want) << s->name();
    }
}

TEST(StepQueue, ManyOutOfOrderWithRenotificationsInsideTheDrain) {
    const uint64_t t0 = static_cast<uint64_t>(sc_core::sc_time_stamp() / sc_time(1, SC_NS));
    for (sink* s : sinks()) {
        s->got.clear();
        for (int i = 0; i < 300; ++i) {
            s->q.notify(i, sc_time(static_cast<double>(i * 37 % 50), SC_NS));
        }
    }
    sc_core::sc_start();
    for (sink* s : sinks()) {
        std::vector<std::pair<int, uint64_t>> want;
        for (uint64_t d = 0; d < 60; ++d) {
            for (int i = 0; i < 300; ++i) {
                if (static_cast<uint64_t>(i * 37 % 50) == d) {
                    want.emplace_back(i, t0 + d);
                }
            }
            // Renotified 5 ns after their first delivery, in the order delivered.
            for (int i = 0; i < 300; ++i) {
                if (i % 7 == 0 && static_cast<uint64_t>(i * 37 % 50) + 5 == d) {
                    want.emplace_back(i + 1000, t0 + d);
                }
            }
        }
        EXPECT_EQ(s->got, want) << s->name();
    }
}

TEST(StepQueue, NeverEmptyQueueKeepsOrderThroughCompaction) {
    const uint64_t t0 = static_cast<uint64_t>(sc_core::sc_time_stamp() / sc_time(1, SC_NS));
    for (sink* s : sinks()) {
        s->got.clear();
        s->q.notify(2000, sc_time(1, SC_NS));
        s->q.notify(2001, sc_time(2, SC_NS));
    }
    sc_core::sc_start();
    for (sink* s : sinks()) {
        std::vector<std::pair<int, uint64_t>> want;
        for (int i = 2000; i < 2200; ++i) {
            want.emplace_back(i, t0 + 1 + static_cast<uint64_t>(i - 2000));
        }
        EXPECT_EQ(s->got, want) << s->name();
    }
}

} // namespace

namespace test {
void elaborate() {
    static sink d("drained", true);
    static sink l("looped", false);
    drained = &d;
    looped = &l;
}
} // namespace test
} // namespace sriov
