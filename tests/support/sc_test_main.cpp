// The sc_main of every SystemC test executable (one elaboration each, as in
// VCML): the test file's elaborate() builds the modules once, then every TEST
// drives simulated time with sc_start() and checks the result.
#include "sc_report_guard.h"

#include <cstdlib>
#include <gtest/gtest.h>
#include <iostream>
#include <systemc>

namespace sriov::test {
// Defined by each SystemC test executable: instantiate modules and bind sockets.
void elaborate();
} // namespace sriov::test

int sc_main(int argc, char* argv[]) {
    ::testing::InitGoogleTest(&argc, argv);
    sriov::test::install_sc_report_guard();
    sriov::test::elaborate();
    const int rc = RUN_ALL_TESTS();
    if (sriov::test::reports_outside_tests() != 0) {
        std::cerr << "FAILED: " << sriov::test::reports_outside_tests()
                  << " SystemC warning(s)/error(s) outside any test\n";
        return 1;
    }
    return rc;
}

// SystemC prints its banner in sc_elab_and_sim() before sc_main(): silence it
// here so that test output shows only what the tests say.
int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
    return sc_core::sc_elab_and_sim(argc, argv);
}
