#include "sriov/pcie/ecam_transport.h"

#include "sriov/pcie/ecam.h"
#include "sriov/pcie/registers.h"

namespace sriov::ecam {

config_access_result transport(tlm::tlm_fw_transport_if<>& target, tlm_utils::tlm_quantumkeeper& qk,
                               tlm::tlm_command cmd, routing_id fn, uint16_t offset,
                               unsigned char* data, unsigned length) {
    config_access_extension ext;
    if (offset >= reg::config_space_size) {
        // Past the function's 4 KiB would be the next function's ECAM window:
        // refused here, so that no caller reaches another function by accident.
        ext.result.response = tlm::TLM_ADDRESS_ERROR_RESPONSE;
        return ext.result;
    }
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(address(fn, 0) + offset);
    gp.set_data_ptr(data);
    gp.set_data_length(length);
    gp.set_streaming_width(length);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_dmi_allowed(false);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp.set_extension(&ext);
    sc_core::sc_time local = qk.get_local_time();
    target.b_transport(gp, local);
    qk.set(local);
    if (qk.need_sync()) {
        qk.sync();
    }
    gp.clear_extension(&ext); // the extension lives on this stack frame, not in the payload
    ext.result.response = gp.get_response_status();
    return ext.result;
}

} // namespace sriov::ecam
