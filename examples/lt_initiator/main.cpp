// Example (a): your own sc_main. It builds the platform (root complex, PCIe
// link, SR-IOV endpoint) from a device description file and binds its own
// loosely-timed initiator to the root complex's ECAM socket. The initiator
// reads the PF's IDs, finds the SR-IOV capability by walking the extended
// capability list, enables two VFs and reads the first VF.
//
//   example_lt_initiator DEVICE.toml
#include "check.h"
#include "device_argument.h"
#include "ecam_access.h"

#include <sriov/pcie/capability_walk.h>
#include <sriov/pcie/registers.h>
#include <sriov/tb/platform.h>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

using example::check;
using example::check_value;

// A CPU doing ECAM loads and stores: one generic payload per access,
// b_transport, then the annotated delay waited (LT, no quantum keeper).
struct my_cpu : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<my_cpu> socket{"socket"};
    bool done = false;

    SC_HAS_PROCESS(my_cpu);
    explicit my_cpu(sc_core::sc_module_name name) : sc_core::sc_module(name) { SC_THREAD(run); }

    // 1, 2 or 4 bytes at (fn, offset); false when the root complex failed it.
    bool access(tlm::tlm_command cmd, sriov::routing_id fn, uint16_t offset, unsigned length,
                uint32_t& value) {
        return example::ecam_access(socket, cmd, fn, offset, length, value);
    }
    uint32_t read(sriov::routing_id fn, uint16_t offset, unsigned length) {
        uint32_t v = 0;
        check(access(tlm::TLM_READ_COMMAND, fn, offset, length, v), "read completed");
        return v;
    }
    void write(sriov::routing_id fn, uint16_t offset, unsigned length, uint32_t v) {
        check(access(tlm::TLM_WRITE_COMMAND, fn, offset, length, v), "write completed");
    }

    void run() {
        const sriov::routing_id pf(0x0100); // 01:00.0, the device description's pf.rid
        wait(2, sc_core::SC_US);            // past the device's reset readiness (1 us)
        check_value(read(pf, sriov::reg::vendor_id, 2), 0x1AF4, "PF Vendor ID");
        check_value(read(pf, sriov::reg::device_id, 2), 0x1041, "PF Device ID");

        auto walk_read = [this, pf](uint16_t off, unsigned len, uint32_t& v) {
            return access(tlm::TLM_READ_COMMAND, pf, off, len, v);
        };
        const uint16_t sriov_cap = sriov::find_ext_capability(walk_read, sriov::ext_cap_id::sriov);
        check(sriov_cap != 0, "the PF has the SR-IOV capability");
        check_value(read(pf, sriov_cap + sriov::sriov_field::total_vfs, 2), 7, "TotalVFs");
        check_value(read(pf, sriov_cap + sriov::sriov_field::vf_device_id, 2), 0x1042,
                    "VF Device ID");

        // Before VF Enable the VF does not exist: the root complex reports the UR.
        const sriov::routing_id vf0(pf.value + 1); // First VF Offset 1
        uint32_t v = 0;
        check(!access(tlm::TLM_READ_COMMAND, vf0, sriov::reg::vendor_id, 2, v),
              "VF 0 absent before VF Enable");

        write(pf, sriov_cap + sriov::sriov_field::num_vfs, 2, 2);
        write(pf, sriov_cap + sriov::sriov_field::ctrl, 2,
              sriov::bits::sriov_ctrl_vf_enable | sriov::bits::sriov_ctrl_vf_mse);
        wait(2, sc_core::SC_US); // past the VF Enable readiness (1 us)
        // SR-IOV 3.4.1.1: a VF's Vendor ID reads FFFFh; its class code is the PF's.
        check_value(read(vf0, sriov::reg::vendor_id, 2), 0xFFFF, "VF 0 Vendor ID");
        check_value(read(vf0, sriov::reg::class_code, 3), read(pf, sriov::reg::class_code, 3),
                    "VF 0 class code = PF's");
        done = true;
    }
};

int sc_main(int argc, char* argv[]) {
    sriov::tb::platform_config cfg;
    cfg.profile = example::device_argument(argc, argv);
    sriov::tb::platform platform("platform", cfg);
    my_cpu cpu("cpu");
    cpu.socket.bind(platform.rc.ecam);
    sc_core::sc_start();
    check(cpu.done, "the initiator ran to its end");
    return 0;
}
