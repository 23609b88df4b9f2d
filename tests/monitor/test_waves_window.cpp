// --waves-from/--waves-to (tb/sim waves_window): the times they accept, the
// form the mismatch report prints, and the refused windows.
#include "sriov/cli/waves_window.h"

#include <gtest/gtest.h>

namespace sriov::cli {
namespace {

TEST(WavesWindow, ParsesEveryUnit) {
    EXPECT_EQ(parse_sim_time_ps("0ns"), 0u);
    EXPECT_EQ(parse_sim_time_ps("7ps"), 7u);
    EXPECT_EQ(parse_sim_time_ps("250us"), 250'000'000u);
    EXPECT_EQ(parse_sim_time_ps("1.5ms"), 1'500'000'000u);
    EXPECT_EQ(parse_sim_time_ps("100.01ms"), 100'010'000'000u);
    EXPECT_EQ(parse_sim_time_ps("2s"), 2'000'000'000'000u);
    EXPECT_EQ(parse_sim_time_ps("0.001ns"), 1u);
}

TEST(WavesWindow, RefusesWhatIsNotATime) {
    for (const char* bad : {"", "10", "ns", "1.ns", ".5ns", "-1ns", "1.5", "1 ns", "1nsx", "1e3ns",
                            "0.0001ns", "18446744073709551616ps", "18446745s"}) {
        EXPECT_FALSE(parse_sim_time_ps(bad).has_value()) << bad;
    }
}

TEST(WavesWindow, FormatsTheLargestExactUnitAndReadsBack) {
    EXPECT_EQ(format_sim_time(0), "0s");
    EXPECT_EQ(format_sim_time(1'500'000'000), "1500us");
    EXPECT_EQ(format_sim_time(1'100'842'736'000), "1100842736ns");
    EXPECT_EQ(format_sim_time(3), "3ps");
    for (uint64_t ps : std::initializer_list<uint64_t>{0, 1, 999, 1000, 123456789, UINT64_MAX}) {
        EXPECT_EQ(parse_sim_time_ps(format_sim_time(ps)), ps);
    }
}

TEST(WavesWindow, OptionsSetTheWindowAndRefuseAnEndBeforeTheStart) {
    CLI::App app;
    waves_window w;
    std::string vcd;
    add_waves_window(app, w, app.add_option("--vcd", vcd));
    app.parse("--waves-from 1ms --vcd x.vcd --waves-to 2ms", false);
    EXPECT_EQ(w.from_ps, 1'000'000'000u);
    EXPECT_EQ(w.to_ps, 2'000'000'000u);
    EXPECT_FALSE(w.whole());
    EXPECT_NO_THROW(check_waves_window(w));
    w.from_ps = 3'000'000'000u;
    EXPECT_THROW(check_waves_window(w), CLI::ValidationError);

    CLI::App needs_vcd;
    waves_window w2;
    add_waves_window(needs_vcd, w2, needs_vcd.add_option("--vcd", vcd));
    EXPECT_THROW(needs_vcd.parse("--waves-from 1ms", false), CLI::RequiresError);
    CLI::App bad_time;
    add_waves_window(bad_time, w2);
    EXPECT_THROW(bad_time.parse("--waves-from soon", false), CLI::ValidationError);
}

} // namespace
} // namespace sriov::cli
