#include "test_ecam_target.h"

#include <cstring>

namespace sriov::test {

test_ecam_target::test_ecam_target(const sc_core::sc_module_name& name, config::sriov_device& dev)
    : sc_core::sc_module(name), ecam("ecam"), dev_(dev) {
    ecam.register_b_transport(this, &test_ecam_target::b_transport);
}

void test_ecam_target::fail_dw_after(unsigned n, completion_status status) {
    fault_ = fault{n, false, status};
}

void test_ecam_target::timeout_dw_after(unsigned n) {
    fault_ = fault{n, true, completion_status::successful};
}

void test_ecam_target::b_transport(int /*id*/, tlm::tlm_generic_payload& gp,
                                   sc_core::sc_time& delay) {
    ++accesses_;
    auto* ext = gp.get_extension<config_access_extension>();
    const uint64_t addr = gp.get_address();
    const unsigned len = gp.get_data_length();
    const auto rid = routing_id(static_cast<uint16_t>(addr >> 12));
    const unsigned offset = static_cast<unsigned>(addr & 0xFFF);
    if (gp.get_command() != tlm::TLM_READ_COMMAND && gp.get_command() != tlm::TLM_WRITE_COMMAND) {
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    if (len == 0 || offset + len > 4096 || (addr >> 28) != 0) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    const bool write = gp.get_command() == tlm::TLM_WRITE_COMMAND;
    unsigned char* data = gp.get_data_ptr();
    const unsigned char* be = gp.get_byte_enable_ptr();
    const sc_core::sc_time start = delay;
    bool failed = false;
    for (unsigned dw = offset & ~3u; dw < offset + len; dw += 4) {
        config_request req;
        req.target = rid;
        req.dw_index = static_cast<uint16_t>(dw / 4);
        req.is_write = write;
        req.byte_enable = 0;
        for (unsigned b = 0; b < 4; ++b) {
            const unsigned byte = dw + b;
            if (byte < offset || byte >= offset + len) {
                continue;
            }
            const unsigned i = byte - offset;
            if (be != nullptr && be[i % gp.get_byte_enable_length()] == 0) {
                continue;
            }
            req.byte_enable |= static_cast<uint8_t>(1u << b);
            if (write) {
                req.write_data |= static_cast<uint32_t>(data[i]) << (8 * b);
            }
        }
        if (failed) {
            if (!write) { // reads: failed and later DWs are all-ones
                for (unsigned b = 0; b < 4; ++b) {
                    const unsigned byte = dw + b;
                    if (byte >= offset && byte < offset + len) {
                        data[byte - offset] = 0xFF;
                    }
                }
            }
            continue;
        }
        config_response rsp;
        bool timed_out = false;
        unsigned retries = 0;
        for (;;) {
            ++dw_requests_;
            if (ext != nullptr) {
                ext->result.tlps_sent++;
            }
            if (fault_ && fault_->countdown-- == 0) {
                timed_out = fault_->timeout;
                rsp.status = fault_->status;
                fault_.reset();
                delay += timed_out ? completion_timeout : per_tlp_latency;
            } else {
                const auto now_ns = static_cast<uint64_t>(
                    (sc_core::sc_time_stamp() + delay).to_seconds() * 1e9 + 0.5);
                rsp = dev_.access(req, now_ns);
                delay += per_tlp_latency;
            }
            log_.push_back({rid.value, static_cast<uint16_t>(dw), req.byte_enable, write,
                            write ? req.write_data : rsp.read_data, rsp.status});
            if (!timed_out && rsp.status == completion_status::config_request_retry &&
                retries < crs_retry_limit) {
                ++retries;
                delay += crs_retry_interval;
                continue;
            }
            break;
        }
        if (ext != nullptr) {
            ext->result.crs_retries += retries;
        }
        if (timed_out || rsp.status != completion_status::successful) {
            failed = true;
            if (ext != nullptr) {
                ext->result.failed = true;
                ext->result.timed_out = timed_out;
                ext->result.failed_offset = static_cast<uint16_t>(dw);
                ext->result.failed_status = rsp.status;
            }
            if (!write) {
                for (unsigned b = 0; b < 4; ++b) {
                    const unsigned byte = dw + b;
                    if (byte >= offset && byte < offset + len) {
                        data[byte - offset] = 0xFF;
                    }
                }
            }
            continue;
        }
        if (ext != nullptr) {
            ext->result.dws_completed++;
        }
        if (!write) {
            for (unsigned b = 0; b < 4; ++b) {
                const unsigned byte = dw + b;
                if (byte >= offset && byte < offset + len) {
                    data[byte - offset] = static_cast<unsigned char>(rsp.read_data >> (8 * b));
                }
            }
        }
    }
    if (ext != nullptr) {
        ext->result.latency_ps = static_cast<uint64_t>(
            (delay - start).value() / (sc_core::sc_time(1, sc_core::SC_PS).value()));
    }
    gp.set_response_status(failed ? tlm::TLM_GENERIC_ERROR_RESPONSE : tlm::TLM_OK_RESPONSE);
}

} // namespace sriov::test
