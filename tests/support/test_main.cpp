// main() for plain (non-elaborating) test executables: GoogleTest with the
// SystemC report guard, so a model's SC_REPORT_WARNING fails the test too.
#include "sc_report_guard.h"

#include <cstdlib>
#include <gtest/gtest.h>
#include <iostream>
#include <systemc>

// libsystemc references sc_main; plain test executables have their own main()
// and never start a simulation.
int sc_main(int, char*[]) {
    return 1;
}

int main(int argc, char* argv[]) {
    setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0); // keep test output readable
    ::testing::InitGoogleTest(&argc, argv);
    sriov::test::install_sc_report_guard();
    const int rc = RUN_ALL_TESTS();
    if (sriov::test::reports_outside_tests() != 0) {
        std::cerr << "FAILED: SystemC warning(s)/error(s) outside any test\n";
        return 1;
    }
    return rc;
}
