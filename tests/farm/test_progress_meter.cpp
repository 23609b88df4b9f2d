// The progress line's text and the results folder of a farm slice.
#include "sriov/farm/results_dir.h"
#include "sriov/progress/progress_meter.h"

#include <cstdlib>
#include <gtest/gtest.h>

namespace {

using sriov::progress::progress_line;

TEST(ProgressLine, CountRateAndEtaFromTheTotal) {
    // 50000 of 200000 in 0.5 s: 100 k/s, 150000 left: 1.5 s -> 0:00:02.
    EXPECT_EQ(progress_line(50'000, 200'000, 0.5, -1),
              "  50000 / 200000 TLPs  100.0 k TLPs/s  ETA 0:00:02");
    EXPECT_EQ(progress_line(3'000'000, 6'000'000, 2.0, -1),
              "  3000000 / 6000000 TLPs  1.50 M TLPs/s  ETA 0:00:02");
}

TEST(ProgressLine, HoursAndMinutes) {
    // A tenth done in 400 s: 3600 s left.
    EXPECT_EQ(progress_line(100, 1000, 400, -1), "  100 / 1000 TLPs  0 TLPs/s  ETA 1:00:00");
}

TEST(ProgressLine, FractionWhenTheTotalIsUnknown) {
    EXPECT_EQ(progress_line(1000, 0, 10, 0.25), "  1000 TLPs  100 TLPs/s  ETA 0:00:30");
    EXPECT_EQ(progress_line(1000, 0, 10, -1), "  1000 TLPs  100 TLPs/s");
    EXPECT_EQ(progress_line(0, 0, 0, -1), "  0 TLPs");
}

TEST(ProgressLine, MoreThanTheTotalShowsNoNegativeEta) {
    EXPECT_EQ(progress_line(210, 200, 1, -1), "  210 / 200 TLPs  210 TLPs/s  ETA 0:00:00");
}

TEST(ResultsDir, RelativePathsMoveUnderTheVariable) {
    using sriov::farm::results_path;
    unsetenv("SRIOV_RESULTS_DIR");
    EXPECT_EQ(results_path("xcheck-fcov/regression/a.fcov"), "xcheck-fcov/regression/a.fcov");
    setenv("SRIOV_RESULTS_DIR", "/farm/task-3/results", 1);
    EXPECT_EQ(results_path("xcheck-fcov/regression/a.fcov"),
              "/farm/task-3/results/xcheck-fcov/regression/a.fcov");
    EXPECT_EQ(results_path("/abs/a.fcov"), "/abs/a.fcov");
    EXPECT_EQ(results_path(""), "");
    setenv("SRIOV_RESULTS_DIR", "", 1);
    EXPECT_EQ(results_path("a.fcov"), "a.fcov");
    unsetenv("SRIOV_RESULTS_DIR");
}

} // namespace
