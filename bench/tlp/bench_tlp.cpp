// Cost of the TLP codec per transaction, next to the 15-180 ns of an LT
// b_transport (reference/pcie-timing.md): encode/decode should stay in the noise.
#include "sriov/tlp/tlp.h"
#include "sriov/tlp/tlp_format.h"

#include <benchmark/benchmark.h>

namespace {

const sriov::tlp write_tlp =
    sriov::make_cfg_write(sriov::routing_id(0), 5, sriov::routing_id(0x0280), 1, 0x3, 0x00000006);

void BM_Encode(benchmark::State& state) {
    sriov::tlp t = write_tlp;
    for (auto _ : state) {
        benchmark::DoNotOptimize(t);
        auto b = sriov::encode(t);
        benchmark::DoNotOptimize(b);
    }
}
BENCHMARK(BM_Encode);

void BM_Decode(benchmark::State& state) {
    const sriov::tlp_bytes b = sriov::encode(write_tlp);
    for (auto _ : state) {
        auto r = sriov::decode(b);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_Decode);

void BM_DecodeMalformed(benchmark::State& state) {
    sriov::tlp_bytes b = sriov::encode(write_tlp);
    b[7] = 0x00; // zero byte enables on a write
    for (auto _ : state) {
        auto r = sriov::decode(b);
        benchmark::DoNotOptimize(r);
    }
}
BENCHMARK(BM_DecodeMalformed);

void BM_Text(benchmark::State& state) {
    for (auto _ : state) {
        auto s = sriov::to_text(write_tlp);
        benchmark::DoNotOptimize(s);
    }
}
BENCHMARK(BM_Text);

void BM_LogLine(benchmark::State& state) {
    for (auto _ : state) {
        auto s = sriov::log_line(write_tlp, 123456, "down");
        benchmark::DoNotOptimize(s);
    }
}
BENCHMARK(BM_LogLine);

} // namespace

BENCHMARK_MAIN();
