// libFuzzer target for the scenario parser (docs/scenario-format.md).
// Invariants:
//  - parse() never crashes, hangs or allocates without bound (ASan/UBSan);
//  - it throws parse_error with "source:LINE: ..." and nothing else;
//  - an accepted scenario names only commands of the table, every expectation
//    sits on an accepted step, and parsing the same text again gives the same
//    steps (nothing depends on state left behind).
#include "sriov/scenario/scenario.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace {

[[noreturn]] void fail(const char* what, const std::string& detail) {
    std::fprintf(stderr, "fuzz_scenario_parse invariant broken: %s: %s\n", what, detail.c_str());
    std::abort();
}

sriov::scenario::scenario parse(const std::string& text) {
    std::istringstream in(text);
    return sriov::scenario::parse(in, "fuzz.sriov");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    sriov::scenario::scenario sc;
    try {
        sc = parse(text);
    } catch (const sriov::scenario::parse_error& e) {
        if (std::string(e.what()).rfind("fuzz.sriov:", 0) != 0) {
            fail("parse error without file:line", e.what());
        }
        return 0;
    } catch (const std::exception& e) {
        fail("an exception other than parse_error", e.what());
    }
    for (const auto& st : sc.steps) {
        if (sriov::scenario::find_command(st.command) == nullptr) {
            fail("a step with an unknown command", st.command);
        }
    }
    const auto again = parse(text);
    if (again.steps.size() != sc.steps.size()) {
        fail("parsing the same text twice gave different steps", std::to_string(size));
    }
    return 0;
}
