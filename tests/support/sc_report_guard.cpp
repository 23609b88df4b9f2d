#include "sc_report_guard.h"

#include <gtest/gtest.h>
#include <map>
#include <systemc>

namespace sriov::test {
namespace {

struct guard_state {
    std::map<std::string, int> expected; // msg type -> live expectations
    std::map<std::string, int> seen;
    int outside_tests = 0;
};

const char* severity_name(sc_core::sc_severity s) {
    switch (s) {
    case sc_core::SC_INFO:
        return "info";
    case sc_core::SC_WARNING:
        return "warning";
    case sc_core::SC_ERROR:
        return "error";
    case sc_core::SC_FATAL:
        return "fatal";
    default:
        return "report";
    }
}

guard_state& state() {
    static guard_state s;
    return s;
}

void report_handler(const sc_core::sc_report& rep, const sc_core::sc_actions& actions) {
    // Keep SystemC's own printing, but never abort or throw: the test decides.
    const sc_core::sc_actions quiet = actions & ~(sc_core::SC_ABORT | sc_core::SC_THROW |
                                                  sc_core::SC_STOP | sc_core::SC_INTERRUPT);
    sc_core::sc_report_handler::default_handler(rep, quiet);
    if (rep.get_severity() < sc_core::SC_WARNING) {
        return;
    }
    auto& s = state();
    const std::string type = rep.get_msg_type();
    s.seen[type]++;
    if (s.expected[type] > 0) {
        return;
    }
    if (::testing::UnitTest::GetInstance()->current_test_info() == nullptr) {
        s.outside_tests++;
        return;
    }
    ADD_FAILURE() << "unexpected SystemC " << severity_name(rep.get_severity()) << " [" << type
                  << "]: " << rep.get_msg();
}

} // namespace

void install_sc_report_guard() {
    sc_core::sc_report_handler::set_handler(report_handler);
}

int reports_outside_tests() {
    return state().outside_tests;
}

int sc_reports_seen(const std::string& msg_type) {
    auto& seen = state().seen;
    auto it = seen.find(msg_type);
    return it == seen.end() ? 0 : it->second;
}

sc_report_expectation::sc_report_expectation(std::string msg_type, int exact_count)
    : type_(std::move(msg_type)), count_(exact_count), seen_at_start_(sc_reports_seen(type_)) {
    state().expected[type_]++;
}

sc_report_expectation::~sc_report_expectation() {
    state().expected[type_]--;
    if (count_ >= 0) {
        EXPECT_EQ(seen(), count_) << "SystemC reports of type [" << type_ << "]";
    }
}

int sc_report_expectation::seen() const {
    return sc_reports_seen(type_) - seen_at_start_;
}

} // namespace sriov::test
