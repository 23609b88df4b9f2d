// Example (d): the RTL shadow in your own sc_main. The platform is built from
// a device description; the hand-written SystemVerilog configuration space,
// Verilated (the configurable block loads the description's layout at reset),
// watches the endpoint and answers every request the endpoint completes, in
// lock step: any difference in status, data or latency is a mismatch (an
// SC_ERROR of type sriov/crosscheck). Your initiator enables two VFs and
// touches their registers; at the end a sweep compares every register.
//
//   example_rtl_shadow DEVICE.toml
#include "check.h"
#include "device_argument.h"
#include "ecam_access.h"

#include <sriov/crosscheck/variants.h>
#include <sriov/pcie/capability_walk.h>
#include <sriov/pcie/registers.h>
#include <sriov/tb/platform.h>

#include <iostream>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

using example::check;
using example::check_value;

// ECAM loads and stores, one b_transport each (as in example (a)).
struct my_cpu : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<my_cpu> socket{"socket"};
    bool done = false;

    SC_HAS_PROCESS(my_cpu);
    explicit my_cpu(sc_core::sc_module_name name) : sc_core::sc_module(name) { SC_THREAD(run); }

    bool access(tlm::tlm_command cmd, sriov::routing_id fn, uint16_t offset, unsigned length,
                uint32_t& value) {
        return example::ecam_access(socket, cmd, fn, offset, length, value);
    }

    void run() {
        const sriov::routing_id pf(0x0100);
        wait(2, sc_core::SC_US); // past the reset readiness
        auto walk_read = [this, pf](uint16_t off, unsigned len, uint32_t& value) {
            return access(tlm::TLM_READ_COMMAND, pf, off, len, value);
        };
        const uint16_t sriov_cap = sriov::find_ext_capability(walk_read, sriov::ext_cap_id::sriov);
        check(sriov_cap != 0, "the PF has the SR-IOV capability");
        uint32_t v = 2;
        check(access(tlm::TLM_WRITE_COMMAND, pf, sriov_cap + sriov::sriov_field::num_vfs, 2, v),
              "NumVFs written");
        v = sriov::bits::sriov_ctrl_vf_enable | sriov::bits::sriov_ctrl_vf_mse;
        check(access(tlm::TLM_WRITE_COMMAND, pf, sriov_cap + sriov::sriov_field::ctrl, 2, v),
              "VF Enable written");
        wait(2, sc_core::SC_US); // past the VF Enable readiness
        for (uint16_t k = 0; k < 2; ++k) {
            const sriov::routing_id vf(pf.value + 1 + k);
            v = 0x0006; // Command: Memory Space Enable (read-only 0 in a VF) + Bus Master
            check(access(tlm::TLM_WRITE_COMMAND, vf, sriov::reg::command, 2, v), "VF Command");
            check(access(tlm::TLM_READ_COMMAND, vf, sriov::reg::command, 2, v), "VF Command read");
            check_value(v, 0x0004, "VF Command: Bus Master only");
        }
        done = true;
    }
};

int sc_main(int argc, char* argv[]) {
    sriov::tb::platform_config cfg;
    cfg.profile = example::device_argument(argc, argv);
    sriov::tb::platform platform("platform", cfg);
    std::string why;
    const sriov::crosscheck::rtl_variant* rtl = sriov::crosscheck::rtl_variant_for(
        platform.device.profile(), sriov::crosscheck::wave_format::none, &why);
    check(rtl != nullptr, "an RTL build runs this device");
    std::unique_ptr<sriov::crosscheck::rtl_shadow> shadow =
        sriov::crosscheck::make_shadow(*rtl, platform.device);
    platform.ep.add_observer(shadow.get());
    my_cpu cpu("cpu");
    cpu.socket.bind(platform.rc.ecam);
    sc_core::sc_start();
    check(cpu.done, "the initiator ran to its end");
    // Every register of the PF and the enabled VFs, compared at the end time (ns).
    shadow->sweep(
        static_cast<uint64_t>(sc_core::sc_time_stamp() / sc_core::sc_time(1, sc_core::SC_NS)));
    std::cout << "RTL " << rtl->name << ": " << shadow->checked() << " TLPs, "
              << shadow->sweep_reads() << " sweep reads, " << shadow->mismatch_count()
              << " mismatches\n";
    check(shadow->checked() >= 6, "the shadow saw every request");
    check_value(static_cast<uint32_t>(shadow->mismatch_count()), 0, "mismatches");
    return 0;
}
