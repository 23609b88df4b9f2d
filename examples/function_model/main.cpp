// Example (e): your device's registers as a TLM target behind every PF and VF
// BAR. `my_registers` is bound to the endpoint's `functions` socket; each BAR
// access reaches it with the offset inside the BAR as address and a
// bar_access_extension naming the function. Its registers:
//   0x0 ID        read-only: 0x1042_0000 | (VF index + 1), 0 in the low half for the PF
//   0x4 DOORBELL  write-only: raises the MSI-X vector written (its function's)
//   0x8 SCRATCH   read/write, one per function
//   anything else: an error response, which the host sees as a failed read
//   (Completer Abort).
// The host enables 2 VFs, programs the VF BARs, reads VF 1's ID register,
// arms VF 1's MSI-X vector 0 and rings its doorbell: the message reaches the
// root complex.
//
//   example_function_model DEVICE.toml
#include "check.h"
#include "device_argument.h"
#include "ecam_access.h"

#include <sriov/endpoint/bar_access_extension.h>
#include <sriov/pcie/capability_walk.h>
#include <sriov/pcie/registers.h>
#include <sriov/tb/platform.h>

#include <cstring>
#include <map>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

using example::check;
using example::check_value;

struct my_registers : sc_core::sc_module {
    tlm_utils::simple_target_socket<my_registers> socket{"socket"};
    std::map<uint16_t, uint32_t> scratch; // per function (routing ID)

    explicit my_registers(sc_core::sc_module_name name) : sc_core::sc_module(name) {
        socket.register_b_transport(this, &my_registers::b_transport);
    }

    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
        const auto* fn = gp.get_extension<sriov::endpoint::bar_access_extension>();
        delay += sc_core::sc_time(20, sc_core::SC_NS); // the registers' access time
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        if (fn == nullptr || fn->bar != 0 || gp.get_data_length() != 4) {
            return; // BAR 0 only, whole DWs (byte enables on SCRATCH are kept below)
        }
        uint32_t v = 0;
        std::memcpy(&v, gp.get_data_ptr(), 4); // little-endian host
        const bool read = gp.is_read();
        switch (gp.get_address()) {
        case 0x0:
            if (!read) {
                return;
            }
            v = 0x10420000u | (fn->vf_index ? *fn->vf_index + 1u : 0u);
            break;
        case 0x4:
            if (read) {
                return;
            }
            fn->raise(static_cast<uint16_t>(v),
                      delay); // the vector's outcome is the host's business
            break;
        case 0x8:
            if (read) {
                v = scratch[fn->function.value];
            } else {
                uint32_t& s = scratch[fn->function.value];
                const unsigned char* be = gp.get_byte_enable_ptr();
                for (unsigned i = 0; i < 4; ++i) {
                    if (be == nullptr || be[i] == TLM_BYTE_ENABLED) {
                        s = (s & ~(0xFFu << (8 * i))) | (v & (0xFFu << (8 * i)));
                    }
                }
            }
            break;
        default:
            return;
        }
        if (read) {
            std::memcpy(gp.get_data_ptr(), &v, 4);
        }
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
    }
};

// A CPU doing ECAM accesses (config) and memory accesses (MMIO), LT.
struct my_cpu : sc_core::sc_module {
    tlm_utils::simple_initiator_socket<my_cpu> ecam{"ecam"};
    tlm_utils::simple_initiator_socket<my_cpu> mmio{"mmio"};
    bool done = false;

    SC_HAS_PROCESS(my_cpu);
    explicit my_cpu(sc_core::sc_module_name name) : sc_core::sc_module(name) { SC_THREAD(run); }

    uint32_t cfg_read(sriov::routing_id fn, uint16_t offset, unsigned length) {
        uint32_t v = 0;
        example::require(example::ecam_access(ecam, tlm::TLM_READ_COMMAND, fn, offset, length, v),
                         "config read");
        return v;
    }
    void cfg_write(sriov::routing_id fn, uint16_t offset, unsigned length, uint32_t v) {
        example::require(example::ecam_access(ecam, tlm::TLM_WRITE_COMMAND, fn, offset, length, v),
                         "config write");
    }
    // A 4-byte load or store at bus address `address`; false when it failed.
    bool mem(tlm::tlm_command cmd, uint64_t address, uint32_t& v) {
        unsigned char bytes[4];
        std::memcpy(bytes, &v, 4);
        tlm::tlm_generic_payload gp;
        gp.set_command(cmd);
        gp.set_address(address);
        gp.set_data_ptr(bytes);
        gp.set_data_length(4);
        gp.set_streaming_width(4);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        mmio->b_transport(gp, delay);
        wait(delay);
        std::memcpy(&v, bytes, 4);
        return gp.is_response_ok();
    }
    uint32_t load(uint64_t address) {
        uint32_t v = 0;
        example::require(mem(tlm::TLM_READ_COMMAND, address, v), "memory read");
        return v;
    }
    void store(uint64_t address, uint32_t v) {
        example::require(mem(tlm::TLM_WRITE_COMMAND, address, v), "memory write");
    }

    // Programs VF BARn (and n + 1 for a 64-bit BAR) to `address`; returns one
    // VF's aperture, sized as software does (all ones written, read back).
    uint64_t program_vf_bar(sriov::routing_id pf, uint16_t cap, unsigned n, uint64_t address) {
        const uint16_t low = cap + sriov::sriov_field::vf_bar(n);
        cfg_write(pf, low, 4, 0xFFFFFFFF);
        const uint32_t lo = cfg_read(pf, low, 4);
        const bool is64 = (lo & sriov::bits::bar_mem_type) == sriov::bits::bar_mem64;
        uint64_t mask = 0xFFFFFFFF00000000ull | (lo & ~0xFu);
        if (is64) {
            cfg_write(pf, low + 4, 4, 0xFFFFFFFF);
            mask = uint64_t{cfg_read(pf, low + 4, 4)} << 32 | (lo & ~0xFu);
            cfg_write(pf, low + 4, 4, static_cast<uint32_t>(address >> 32));
        }
        cfg_write(pf, low, 4, static_cast<uint32_t>(address));
        return ~mask + 1;
    }

    void run();
};

void my_cpu::run() {
    const sriov::routing_id pf(0x0100);
    wait(2, sc_core::SC_US); // past the device's reset readiness
    auto pf_read = [this, pf](uint16_t off, unsigned len, uint32_t& v) {
        return example::ecam_access(ecam, tlm::TLM_READ_COMMAND, pf, off, len, v);
    };
    const uint16_t sriov_cap = sriov::find_ext_capability(pf_read, sriov::ext_cap_id::sriov);
    check(sriov_cap != 0, "the PF has the SR-IOV capability");
    const uint64_t bar0 = 0x200000000ull;
    const uint64_t aperture = program_vf_bar(pf, sriov_cap, 0, bar0);
    cfg_write(pf, sriov_cap + sriov::sriov_field::num_vfs, 2, 2);
    const uint32_t offset = cfg_read(pf, sriov_cap + sriov::sriov_field::vf_offset, 2);
    const uint32_t stride = cfg_read(pf, sriov_cap + sriov::sriov_field::vf_stride, 2);
    const sriov::routing_id vf1(static_cast<uint16_t>(pf.value + offset + stride));

    // VF 1's MSI-X table: where its capability says (BIR and offset).
    cfg_write(pf, sriov_cap + sriov::sriov_field::ctrl, 2,
              sriov::bits::sriov_ctrl_vf_enable | sriov::bits::sriov_ctrl_vf_mse);
    wait(2, sc_core::SC_US); // past the VF Enable readiness
    auto vf_read = [this, vf1](uint16_t off, unsigned len, uint32_t& v) {
        return example::ecam_access(ecam, tlm::TLM_READ_COMMAND, vf1, off, len, v);
    };
    const uint16_t msix = sriov::find_capability(vf_read, sriov::cap_id::msix);
    check(msix != 0, "VF 1 has MSI-X");
    const uint32_t table = cfg_read(vf1, msix + sriov::msix_field::table, 4);
    const unsigned bir = table & sriov::bits::msix_bir;
    uint64_t table_at = bar0 + aperture + (table & ~sriov::bits::msix_bir);
    if (bir != 0) { // the table's own VF BAR (VF Enable off while it moves)
        cfg_write(pf, sriov_cap + sriov::sriov_field::ctrl, 2, 0);
        const uint64_t base = 0xFD000000;
        const uint64_t size = program_vf_bar(pf, sriov_cap, bir, base);
        cfg_write(pf, sriov_cap + sriov::sriov_field::ctrl, 2,
                  sriov::bits::sriov_ctrl_vf_enable | sriov::bits::sriov_ctrl_vf_mse);
        wait(2, sc_core::SC_US);
        table_at = base + size + (table & ~sriov::bits::msix_bir);
    }

    const uint64_t vf1_regs = bar0 + aperture; // VF 1's BAR 0 window
    check_value(load(vf1_regs + 0x0), 0x10420002, "VF 1 ID register (VF index 1)");
    store(vf1_regs + 0x8, 0x600DF00D);
    check_value(load(vf1_regs + 0x8), 0x600DF00D, "VF 1 SCRATCH");
    check_value(load(bar0 + 0x8), 0, "VF 0 SCRATCH (its own)");
    uint32_t v = 0;
    check(!mem(tlm::TLM_READ_COMMAND, vf1_regs + 0x40, v) && v == 0xFFFFFFFF,
          "an unknown register: Completer Abort, all ones");

    // MSI-X vector 0: address, data, unmasked; Enable and Bus Master Enable.
    store(table_at + 0x0, 0xFEE00000);
    store(table_at + 0x4, 0);
    store(table_at + 0x8, 0x4021);
    store(table_at + 0xC, 0);
    cfg_write(vf1, msix + sriov::msix_field::ctrl, 2, sriov::bits::msix_ctrl_enable);
    cfg_write(vf1, sriov::reg::command, 2, sriov::bits::command_bus_master);
    store(vf1_regs + 0x4, 0); // ring the doorbell: vector 0
    done = true;
}

int sc_main(int argc, char* argv[]) {
    sriov::tb::platform_config cfg;
    cfg.profile = example::device_argument(argc, argv);
    sriov::tb::platform platform("platform", cfg);
    my_registers regs("regs");
    platform.ep_mmio.functions.bind(regs.socket);
    my_cpu cpu("cpu");
    cpu.ecam.bind(platform.rc.ecam);
    cpu.mmio.bind(platform.rc.mmio.host);
    sc_core::sc_start();
    check(cpu.done, "the initiator ran to its end");
    const auto& writes = platform.rc.mmio.writes();
    check(writes.size() == 1, "one MSI-X message reached the root complex");
    check_value(writes[0].address, 0xFEE00000, "its address");
    check_value(writes[0].data, 0x4021, "its data");
    check_value(writes[0].requester.value, 0x0102, "from VF 1 (01:00.2)");
    return 0;
}
