// Checks a step's `expect` lines against what the step produced. Plain C++
// (no SystemC): the runner hands in the outcome, the unit tests build one.
#pragma once

#include "sriov/scenario/scenario.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sriov::scenario {

// Bytes a step read, at their config-space offset (`data`, `data@OFF:LEN`).
struct data_window {
    uint64_t offset = 0;
    std::vector<uint8_t> bytes;
};

// What a step produced, as far as expectations look at it.
struct step_outcome {
    std::map<std::string, uint64_t> fields; // by field name (the command table's)
    std::optional<data_window> data;        // none: the step returned no data
    // How a message shows a `return` value (status name and value, or a byte
    // count); unset: in hex like other fields.
    std::function<std::string(uint64_t)> describe_return;
};

// The step as a failure message names it.
struct step_identity {
    std::string source; // scenario file name
    unsigned index = 0; // 1-based step number
    unsigned line = 0;  // the step's line
    std::string call;   // API or command
    std::string arguments;
    std::string reason; // why the call was refused or failed ("" if it was not)
};

struct expectation_verdict {
    bool passed = false;
    std::string message; // why it failed: expected and actual value ("" when passed)
};

// Values captured by the steps so far (`as NAME`, `capture FIELD as NAME`).
using captured_values = std::map<std::string, uint64_t>;

// An expectation with $NAME compares with captured[NAME]; a name without a
// value (its capture found nothing) fails the expectation.
expectation_verdict evaluate(const expectation& e, const step_outcome& outcome,
                             const step_identity& step, const captured_values& captured = {});

// The messages of the expectations that failed, in order.
std::vector<std::string> failed_expectations(const std::vector<expectation>& expects,
                                             const step_outcome& outcome, const step_identity& step,
                                             const captured_values& captured = {});

// What a field reference sees in the outcome (as an expectation compares it),
// or nothing when the step did not produce it.
std::optional<uint64_t> field_value(const field_ref& f, const step_outcome& outcome);

} // namespace sriov::scenario
