// The RTL tests do not elaborate SystemC, but sriov_test_main links
// libsystemc.so (for the report guard), whose built-in main() needs an
// sc_main symbol. Weak, so a real one from tests/support wins if it appears.
extern "C" __attribute__((weak)) int sc_main(int /*argc*/, char* /*argv*/[]) {
    return 0;
}
