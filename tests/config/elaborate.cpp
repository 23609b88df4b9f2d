// The config tests drive sriov_device directly: nothing to elaborate. They
// still run under the shared sc_main (one process, SystemC report guard).
namespace sriov::test {
void elaborate() {}
} // namespace sriov::test
