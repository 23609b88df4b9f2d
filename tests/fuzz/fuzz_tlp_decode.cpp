// libFuzzer entry point for the TLP decoder. Invariants:
//  - decode() never crashes, throws or reads outside the input (ASan in the
//    libFuzzer build);
//  - a rejected input yields the default tlp;
//  - an accepted input is canonical: validate() agrees and encode(decoded)
//    reproduces the input bytes exactly, and decoding those gives the same struct.
// The same bytes also go through the memory TLP decoder (decode_mem), with
// the same invariants against mem_tlp's validate() and encode().
// The same function runs in every build through fuzz_replay_main.cpp.
#include "sriov/tlp/mem_tlp.h"
#include "sriov/tlp/tlp.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

[[noreturn]] void fail(const char* what, const uint8_t* data, std::size_t size) {
    std::fprintf(stderr, "fuzz_tlp_decode invariant broken: %s\ninput (%zu bytes):", what, size);
    for (std::size_t i = 0; i < size; ++i) {
        std::fprintf(stderr, " %02x", data[i]);
    }
    std::fprintf(stderr, "\n");
    std::abort();
}

void check_memory_decode(const uint8_t* data, std::size_t size) {
    const sriov::mem_decode_result r = sriov::decode_mem(data, size);
    if (!r.ok()) {
        if (r.value != sriov::mem_tlp{}) {
            fail("rejected memory input returned a non-default mem_tlp", data, size);
        }
        return;
    }
    if (sriov::validate(r.value) != sriov::mem_decode_error::none) {
        fail("accepted memory input does not validate", data, size);
    }
    const std::vector<uint8_t> again = sriov::encode(r.value);
    if (again.size() != size || std::memcmp(again.data(), data, size) != 0) {
        fail("encode(decode_mem(bytes)) != bytes", data, size);
    }
    const sriov::mem_decode_result r2 = sriov::decode_mem(again);
    if (!r2.ok() || r2.value != r.value) {
        fail("decode_mem(encode(t)) != t", data, size);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    check_memory_decode(data, size);
    const sriov::decode_result r = sriov::decode(data, size);
    if (!r.ok()) {
        if (r.value != sriov::tlp{}) {
            fail("rejected input returned a non-default tlp", data, size);
        }
        return 0;
    }
    if (sriov::validate(r.value) != sriov::decode_error::none) {
        fail("accepted input does not validate", data, size);
    }
    const sriov::tlp_bytes again = sriov::encode(r.value);
    if (again.size() != size || std::memcmp(again.data(), data, size) != 0) {
        fail("encode(decode(bytes)) != bytes", data, size);
    }
    const sriov::decode_result r2 = sriov::decode(again);
    if (!r2.ok() || r2.value != r.value) {
        fail("decode(encode(t)) != t", data, size);
    }
    return 0;
}
