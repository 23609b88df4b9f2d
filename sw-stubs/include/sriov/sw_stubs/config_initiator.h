// Common base of the three software API families: one TLM initiator socket
// bound to the root complex's ECAM target, LT coding style with a quantum
// keeper. Every public API of a family must be called from an SC_THREAD
// (or an sc_spawn'ed thread): the call waits until the last completion.
#pragma once

#include "sriov/pcie/access.h"
#include "sriov/pcie/config_access.h"
#include "sriov/pcie/registers.h"
#include "sriov/sw_stubs/api_call.h"
#include "sriov/sw_stubs/status.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

namespace sriov::sw_stubs {

// The PF's SR-IOV state as software last read it.
struct sriov_state {
    bool valid = false;             // read at least once
    bool present = false;           // the PF's extended capability list has SR-IOV
    bool migration_capable = false; // SR-IOV Capabilities bit 0
    uint16_t control = 0;
    uint16_t total_vfs = 0;
    uint16_t num_vfs = 0;
    uint16_t first_vf_offset = 0;
    uint16_t vf_stride = 0;
    uint16_t vf_device_id = 0;
    bool vf_enable() const { return (control & bits::sriov_ctrl_vf_enable) != 0; }
};

// Settings shared by the families.
struct stub_config {
    bool set_ari_capable_hierarchy = true; // the RC is ARI-forwarding (VFs past function 7)
    // Waits that Windows (and the PCIe spec) require before touching new VFs:
    sc_core::sc_time vf_enable_wait = sc_core::sc_time(100, sc_core::SC_MS);
    sc_core::sc_time flr_wait = sc_core::sc_time(100, sc_core::SC_MS);
};

class config_initiator : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<config_initiator> socket;

    config_initiator(const sc_core::sc_module_name& name, routing_id pf_rid, api_family family,
                     stub_config cfg);

    routing_id pf_rid() const { return pf_rid_; }
    const stub_config& config() const { return cfg_; }
    void set_observer(api_call_observer* observer) { observer_ = observer; }

    // Last SR-IOV state this family read from the PF (valid after an enable/refresh).
    const sriov_state& cached_sriov_state() const { return state_; }
    // The device was reset behind software's back (PnP stop/start): forget
    // everything cached about its SR-IOV state.
    virtual void on_device_reset() { state_ = sriov_state{}; }
    // Routing ID of VF k from the cached First VF Offset / VF Stride.
    routing_id vf_rid(uint16_t vf_index) const;

protected:
    // Per-call bookkeeping; begin_call stamps the start time.
    api_call_record begin_call(const char* api, std::vector<api_argument> arguments) const;
    // Stamps the end time after syncing, reports to the observer and the SystemC log.
    void end_call(api_call_record& rec, int64_t result, result_kind kind);
    // Rejected: `refused` before any access, `rejected` after the call read the device.
    void refuse(api_call_record& rec, std::string reason) const;
    // The device did not do what was asked although every access completed.
    static void fail(api_call_record& rec, std::string reason);

    // One ECAM access of 1..4096 bytes at (rid, offset) inside the function's
    // 4 KiB; accumulates counts into rec and, on failure, the DWs written
    // before it and a reason. A read fills `data`; a write only reads it.
    config_access_result transfer(api_call_record& rec, tlm::tlm_command cmd, routing_id rid,
                                  uint32_t offset, void* data, uint32_t length);
    config_access_result config_read(api_call_record& rec, routing_id rid, uint32_t offset,
                                     void* data, uint32_t length) {
        return transfer(rec, tlm::TLM_READ_COMMAND, rid, offset, data, length);
    }
    // For callers with a const buffer: the payload takes a non-const pointer.
    config_access_result config_write(api_call_record& rec, routing_id rid, uint32_t offset,
                                      const void* data, uint32_t length) {
        std::memcpy(write_copy_.data(), data, std::min<std::size_t>(length, write_copy_.size()));
        return transfer(rec, tlm::TLM_WRITE_COMMAND, rid, offset, write_copy_.data(), length);
    }
    // True if VF `vf` is below the cached NumVFs; otherwise refuses the call,
    // naming the routine's VF index `argument`.
    bool check_vf_index(api_call_record& rec, const char* argument, uint16_t vf) const;
    // Reads or writes VF `vf`'s config space for the routines that return the
    // bytes transferred: `length` on success, 0 on failure or when VF `vf`
    // (the routine's `vf_argument`) does not exist.
    uint32_t transfer_vf_bytes(api_call_record& rec, const char* vf_argument, bool write,
                               uint16_t vf, uint32_t offset, void* buffer, uint32_t length) {
        if (!check_vf_index(rec, vf_argument, vf)) {
            return 0;
        }
        const auto cmd = write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND;
        return transfer(rec, cmd, vf_rid(vf), offset, buffer, length).ok() ? length : 0;
    }

    // Reads the PF's SR-IOV capability (header through VF Device ID) into
    // state_. The first read finds the capability by walking the PF's
    // extended list, as pci.sys does before the PF driver reads SR-IOV state;
    // the offset found is kept (a reset does not move capabilities). No
    // SR-IOV capability: state_.present is false.
    config_access_result read_sriov_state(api_call_record& rec);
    // Walks `rid`'s standard (`extended` false) or extended capability list
    // for capability `id`: its offset in `pos`, 0 when the list lacks it. The
    // result is the last read's (a failed read ends the walk).
    config_access_result find_capability_of(api_call_record& rec, routing_id rid, uint16_t id,
                                            bool extended, uint16_t& pos);
    // The NTSTATUS a routine answers after reading the SR-IOV state into
    // `out`: its in-flight error, STATUS_NOT_SUPPORTED (refused) when the PF
    // has no SR-IOV capability, or STATUS_SUCCESS.
    int32_t sriov_state_status(api_call_record& rec, const config_access_result& out) const;
    // The enable/disable sequence of EnableVirtualization / NdisMEnableVirtualization.
    // Returns the failing outcome, or an OK outcome; sets vf_enable_took_effect.
    config_access_result program_virtualization(api_call_record& rec, uint16_t num_vfs, bool enable,
                                                bool migration, bool migration_interrupt,
                                                bool& vf_enable_took_effect);

    // Common argument checks of the config-space data routines.
    static const char* range_error(const void* buffer, uint32_t offset, uint32_t length);
    // Lets the thread's local time catch up (end of every API call).
    void sync();

    sriov_state state_;
    api_family family_;
    std::string msg_type_;

private:
    routing_id pf_rid_;
    stub_config cfg_;
    uint16_t sriov_cap_ = 0; // the PF's SR-IOV capability, once a walk found it
    api_call_observer* observer_ = nullptr;
    tlm_utils::tlm_quantumkeeper qk_;
    std::array<unsigned char, reg::config_space_size> write_copy_{};
};

} // namespace sriov::sw_stubs
