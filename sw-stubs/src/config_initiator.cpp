#include "sriov/sw_stubs/config_initiator.h"

#include "sriov/pcie/capability_walk.h"
#include "sriov/pcie/ecam_transport.h"
#include "sriov/pcie/sim_time.h"
#include "win/ntdef_stub.h"

#include <fmt/format.h>

#include <cstring>
#include <sstream>
#include <vector>

namespace sriov::sw_stubs {

namespace {

const char* response_name(tlm::tlm_response_status r) {
    switch (r) {
    case tlm::TLM_OK_RESPONSE:
        return "TLM_OK_RESPONSE";
    case tlm::TLM_INCOMPLETE_RESPONSE:
        return "TLM_INCOMPLETE_RESPONSE";
    case tlm::TLM_GENERIC_ERROR_RESPONSE:
        return "TLM_GENERIC_ERROR_RESPONSE";
    case tlm::TLM_ADDRESS_ERROR_RESPONSE:
        return "TLM_ADDRESS_ERROR_RESPONSE";
    case tlm::TLM_COMMAND_ERROR_RESPONSE:
        return "TLM_COMMAND_ERROR_RESPONSE";
    case tlm::TLM_BURST_ERROR_RESPONSE:
        return "TLM_BURST_ERROR_RESPONSE";
    case tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE:
        return "TLM_BYTE_ENABLE_ERROR_RESPONSE";
    }
    return "unknown TLM response";
}

uint16_t le16(const unsigned char* p) {
    return static_cast<uint16_t>(p[0] | p[1] << 8);
}

} // namespace

config_initiator::config_initiator(const sc_core::sc_module_name& name, routing_id pf_rid,
                                   api_family family, stub_config cfg)
    : sc_core::sc_module(name), socket("socket"), family_(family),
      msg_type_(std::string("sriov/sw_stubs/") + to_string(family)), pf_rid_(pf_rid), cfg_(cfg) {}

routing_id config_initiator::vf_rid(uint16_t vf_index) const {
    return routing_id(static_cast<uint16_t>(pf_rid_.value + state_.first_vf_offset +
                                            vf_index * state_.vf_stride));
}

api_call_record config_initiator::begin_call(const char* api,
                                             std::vector<api_argument> arguments) const {
    api_call_record rec;
    rec.family = family_;
    rec.api = api;
    rec.arguments = std::move(arguments);
    rec.start = sc_core::sc_time_stamp() + qk_.get_local_time();
    return rec;
}

void config_initiator::refuse(api_call_record& rec, std::string reason) const {
    rec.outcome = rec.config_accesses == 0 ? call_outcome::refused : call_outcome::rejected;
    rec.reason = std::move(reason);
}

bool config_initiator::check_vf_index(api_call_record& rec, const char* argument,
                                      uint16_t vf) const {
    if (vf < state_.num_vfs) {
        return true;
    }
    refuse(rec, std::string(argument) + " >= NumVFs (" + std::to_string(state_.num_vfs) + ")");
    return false;
}

void config_initiator::fail(api_call_record& rec, std::string reason) {
    rec.outcome = call_outcome::failed;
    rec.reason = "in flight: " + std::move(reason);
}

void config_initiator::sync() {
    if (qk_.get_local_time() != sc_core::SC_ZERO_TIME) {
        qk_.sync();
    }
}

void config_initiator::end_call(api_call_record& rec, int64_t result, result_kind kind) {
    if (rec.config_accesses != 0) {
        sync();
    }
    rec.end = sc_core::sc_time_stamp() + qk_.get_local_time();
    rec.result = result;
    rec.kind = kind;
    std::ostringstream msg;
    msg << rec.api << "(" << format_arguments(rec.arguments) << ") = " << result_text(kind, result);
    if (!rec.reason.empty()) {
        msg << " [" << rec.reason << "]";
    }
    msg << " accesses=" << rec.config_accesses << " tlps=" << rec.tlps;
    if (!rec.dws_written_before_failure.empty()) {
        msg << " dws_written_before_failure=";
        for (size_t i = 0; i < rec.dws_written_before_failure.size(); ++i) {
            msg << fmt::format("{}0x{:x}", i ? "," : "", rec.dws_written_before_failure[i]);
        }
    }
    // In-flight failures are warnings (the device misbehaved); refusals and
    // successes are informational.
    if (rec.outcome == call_outcome::failed && rec.config_accesses != 0) {
        SC_REPORT_WARNING(msg_type_.c_str(), msg.str().c_str());
    } else {
        SC_REPORT_INFO_VERB(msg_type_.c_str(), msg.str().c_str(), sc_core::SC_HIGH);
    }
    if (observer_ != nullptr) {
        observer_->on_call(rec);
    }
}

const char* config_initiator::range_error(const void* buffer, uint32_t offset, uint32_t length) {
    if (buffer == nullptr) {
        return "null buffer";
    }
    if (length == 0) {
        return "Length 0";
    }
    if (static_cast<uint64_t>(offset) + length > reg::config_space_size) {
        return "Offset + Length beyond 4096";
    }
    return nullptr;
}

config_access_result config_initiator::transfer(api_call_record& rec, tlm::tlm_command cmd,
                                                routing_id rid, uint32_t offset, void* data,
                                                uint32_t length) {
    config_access_result out;
    if (offset >= reg::config_space_size || length > reg::config_space_size - offset) {
        out.response = tlm::TLM_ADDRESS_ERROR_RESPONSE; // the callers' checks make this unreachable
    } else {
        out = ecam::transport(*socket.operator->(), qk_, cmd, rid, static_cast<uint16_t>(offset),
                              static_cast<unsigned char*>(data), length);
    }
    rec.config_accesses++;
    rec.tlps += out.tlps_sent;
    rec.crs_retries += out.crs_retries;
    if (!out.ok()) {
        std::ostringstream why;
        why << (cmd == tlm::TLM_WRITE_COMMAND ? "write" : "read") << " of " << length
            << " bytes at " << fmt::format("0x{:x}", offset) << " of " << to_string(rid)
            << " failed";
        if (out.failed_in_flight()) {
            why << " at DW " << fmt::format("0x{:x}", out.failed_offset) << " with "
                << (out.timed_out         ? "completion timeout"
                    : out.crs_exhausted() ? "CRS (retries exhausted)"
                                          : to_string(out.failed_status));
        } else {
            why << " with TLM response " << response_name(out.response);
        }
        if (cmd == tlm::TLM_WRITE_COMMAND) {
            why << "; DWs written before it: ";
            const uint32_t first_dw = offset & ~3u;
            if (out.dws_completed == 0) {
                why << "none";
            }
            for (unsigned i = 0; i < out.dws_completed; ++i) {
                const auto dw = static_cast<uint16_t>(first_dw + 4 * i);
                rec.dws_written_before_failure.push_back(dw);
                why << fmt::format("{}0x{:x}", i ? "," : "", dw);
            }
        }
        fail(rec, why.str());
    }
    return out;
}

config_access_result config_initiator::find_capability_of(api_call_record& rec, routing_id rid,
                                                          uint16_t id, bool extended,
                                                          uint16_t& pos) {
    config_access_result last;
    const auto read = [&](uint16_t offset, unsigned length, uint32_t& value) {
        unsigned char b[4] = {};
        last = config_read(rec, rid, offset, b, length);
        value = static_cast<uint32_t>(b[0] | b[1] << 8 | b[2] << 16) | static_cast<uint32_t>(b[3])
                                                                           << 24;
        return last.ok();
    };
    pos =
        extended ? find_ext_capability(read, id) : find_capability(read, static_cast<uint8_t>(id));
    return last;
}

config_access_result config_initiator::read_sriov_state(api_call_record& rec) {
    if (sriov_cap_ == 0) {
        const config_access_result walk =
            find_capability_of(rec, pf_rid_, ext_cap_id::sriov, true, sriov_cap_);
        if (!walk.ok()) {
            return walk;
        }
        if (sriov_cap_ == 0) {
            state_ = sriov_state{};
            state_.valid = true; // read: the PF has no SR-IOV capability
            return walk;
        }
    }
    unsigned char raw[sriov_field::supported_page_sizes] = {};
    const config_access_result out = config_read(rec, pf_rid_, sriov_cap_, raw, sizeof raw);
    if (!out.ok()) {
        return out;
    }
    state_.valid = true;
    state_.present = le16(raw + sriov_field::header) == ext_cap_id::sriov;
    state_.migration_capable = (raw[sriov_field::caps] & 1u) != 0;
    state_.control = le16(raw + sriov_field::ctrl);
    state_.total_vfs = le16(raw + sriov_field::total_vfs);
    state_.num_vfs = le16(raw + sriov_field::num_vfs);
    state_.first_vf_offset = le16(raw + sriov_field::vf_offset);
    state_.vf_stride = le16(raw + sriov_field::vf_stride);
    state_.vf_device_id = le16(raw + sriov_field::vf_device_id);
    return out;
}

int32_t config_initiator::sriov_state_status(api_call_record& rec,
                                             const config_access_result& out) const {
    if (!out.ok()) {
        return ntstatus_for(out);
    }
    if (!state_.present) {
        refuse(rec, "no SR-IOV capability");
        return STATUS_NOT_SUPPORTED;
    }
    return STATUS_SUCCESS;
}

config_access_result config_initiator::program_virtualization(api_call_record& rec,
                                                              uint16_t num_vfs, bool enable,
                                                              bool migration,
                                                              bool migration_interrupt,
                                                              bool& vf_enable_took_effect) {
    const uint16_t base = sriov_cap_; // read_sriov_state found it
    const auto put16 = [](unsigned char* p, uint16_t v) {
        p[0] = static_cast<unsigned char>(v);
        p[1] = static_cast<unsigned char>(v >> 8);
    };
    unsigned char b[4] = {};
    config_access_result out;
    vf_enable_took_effect = false;
    if (enable) {
        // Linux sriov_enable / pci.sys order: NumVFs and ARI Capable Hierarchy
        // while VF Enable is 0, read the resulting offset/stride, then VF Enable
        // together with VF MSE, wait, and check that VF Enable took effect.
        put16(b, num_vfs);
        out = config_write(rec, pf_rid_, base + sriov_field::num_vfs, b, 2);
        if (!out.ok()) {
            return out;
        }
        uint16_t ctrl = static_cast<uint16_t>(
            state_.control & ~(bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse));
        if (cfg_.set_ari_capable_hierarchy) {
            ctrl |= bits::sriov_ctrl_ari_capable;
        }
        put16(b, ctrl);
        out = config_write(rec, pf_rid_, base + sriov_field::ctrl, b, 2);
        if (!out.ok()) {
            return out;
        }
        out = config_read(rec, pf_rid_, base + sriov_field::vf_offset, b, 4);
        if (!out.ok()) {
            return out;
        }
        state_.first_vf_offset = le16(b);
        state_.vf_stride = le16(b + 2);
        ctrl |= bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse;
        if (migration) {
            ctrl |= bits::sriov_ctrl_vf_migration_enable;
        }
        if (migration_interrupt) {
            ctrl |= bits::sriov_ctrl_vf_migration_int_enable;
        }
        put16(b, ctrl);
        out = config_write(rec, pf_rid_, base + sriov_field::ctrl, b, 2);
        if (!out.ok()) {
            return out;
        }
        sync();
        sc_core::wait(wait_time(cfg_.vf_enable_wait));
        out = config_read(rec, pf_rid_, base + sriov_field::ctrl, b, 2);
        if (!out.ok()) {
            return out;
        }
        state_.control = le16(b);
        state_.num_vfs = num_vfs;
        vf_enable_took_effect = state_.vf_enable();
        return out;
    }
    // Disable: clear VF Enable, VF MSE and the migration bits, then NumVFs = 0.
    const uint16_t ctrl = static_cast<uint16_t>(
        state_.control &
        ~(bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_vf_mse |
          bits::sriov_ctrl_vf_migration_enable | bits::sriov_ctrl_vf_migration_int_enable));
    put16(b, ctrl);
    out = config_write(rec, pf_rid_, base + sriov_field::ctrl, b, 2);
    if (!out.ok()) {
        return out;
    }
    state_.control = ctrl;
    put16(b, 0);
    out = config_write(rec, pf_rid_, base + sriov_field::num_vfs, b, 2);
    if (!out.ok()) {
        return out;
    }
    state_.num_vfs = 0;
    return out;
}

} // namespace sriov::sw_stubs
