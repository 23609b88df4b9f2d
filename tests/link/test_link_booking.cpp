// The AT booking rule of the link (pcie_link::book_at, the one memory and
// config TLPs share): each TLP at the first gap of its direction that holds
// it, no earlier than its delay, and its ACK on the other direction at its
// arrival, where a later booking may fill an earlier gap. No sc_start: every
// booking is made at time 0, with delays and wire times chosen here.
#include "sriov/link/pcie_link.h"
#include "sriov/pcie/sim_time.h"

#include <gtest/gtest.h>

namespace sriov::test {
void elaborate() {} // the test builds its link itself, before any sc_start
} // namespace sriov::test

namespace sriov::link {
namespace {

sc_core::sc_time ps(uint64_t v) {
    return time_from_ps(v);
}

TEST(LinkBooking, LaterBookingsFillEarlierGapsExactly) {
    link_config cfg; // Gen3 x4, no PHY latency: a TLP arrives when its wire time ends
    pcie_link link("link", cfg);
    const uint64_t a = dllp_time_ps(cfg); // an ACK's wire time
    ASSERT_GT(a, 0u);
    ASSERT_LT(a, 10'000u);
    constexpr auto down = direction::downstream;
    constexpr auto up = direction::upstream;

    // Down [1000, 1100) ns; its ACK up at 1100 ns.
    EXPECT_EQ(link.book_at(down, ps(100'000), ps(1'000'000)), ps(1'000'000));
    // Down [0, 1000): fills the gap before it exactly; its ACK up at 1000 ns.
    EXPECT_EQ(link.book_at(down, ps(1'000'000), ps(0)), ps(0));
    // 10 ns down from 0: no gap holds it before 1100 ns; its ACK up at 1110 ns.
    EXPECT_EQ(link.book_at(down, ps(10'000), ps(0)), ps(1'100'000));
    // Up, 50 ns from 0: before the ACK at 1000 ns. Its ACK down at 50 ns
    // finds the direction busy until 1110 ns: [1110, 1110 + a).
    EXPECT_EQ(link.book_at(up, ps(50'000), ps(0)), ps(0));
    // Up: the gap between the ACKs at 1000 and 1100 ns, exactly. Its ACK
    // down at 1100 ns: [1110 + a, 1110 + 2a).
    EXPECT_EQ(link.book_at(up, ps(100'000 - a), ps(1'000'000 + a)), ps(1'000'000 + a));
    // Up, 10 ns from 1000 ns: the gap [1100 + a, 1110) is too short; behind
    // the ACK at 1110 ns. Its ACK down at 1120 + a ns.
    EXPECT_EQ(link.book_at(up, ps(10'000), ps(1'000'000)), ps(1'110'000 + a));
    // Down from 0: the gap [1110 + 2a, 1120 + a), exactly.
    EXPECT_EQ(link.book_at(down, ps(10'000 - a), ps(0)), ps(1'110'000 + 2 * a));
    // Each booked TLP got one ACK.
    EXPECT_EQ(link.acks_sent(), 7u);
    EXPECT_EQ(link.tlps_down() + link.tlps_up(), 0u); // memory TLPs count in mem_lane
}

} // namespace
} // namespace sriov::link
