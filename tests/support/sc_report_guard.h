// Makes every SystemC warning or error fail the running GoogleTest test,
// unless the test declared it with an sc_report_expectation.
#pragma once

#include <string>

namespace sriov::test {

// Installs the report handler. Called once by the shared sc_main.
void install_sc_report_guard();

// Number of warnings/errors seen outside any test (e.g. during elaboration).
int reports_outside_tests();

// While alive, reports of `msg_type` at warning level or above are expected.
// With exact_count >= 0 the destructor checks that exactly that many arrived;
// with exact_count < 0 any number is accepted (random stimulus that breaks
// software rules on purpose).
class sc_report_expectation {
public:
    explicit sc_report_expectation(std::string msg_type, int exact_count = 1);
    ~sc_report_expectation();
    sc_report_expectation(const sc_report_expectation&) = delete;
    sc_report_expectation& operator=(const sc_report_expectation&) = delete;
    int seen() const;

private:
    std::string type_;
    int count_;
    int seen_at_start_;
};

// Reports of a message type seen so far in this process (warning or above).
int sc_reports_seen(const std::string& msg_type);

} // namespace sriov::test
