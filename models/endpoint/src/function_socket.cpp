#include "sriov/endpoint/function_socket.h"

#include "sriov/endpoint/mmio_port.h"

#include <algorithm>
#include <stdexcept>

namespace sriov::endpoint {

msix_outcome bar_access_extension::raise(uint16_t vector, const sc_core::sc_time& delay) const {
    if (port == nullptr) {
        throw std::logic_error("bar_access_extension::raise: no memory port");
    }
    return port->raise(function, vector, delay);
}

function_socket_target::function_socket_target(mmio_port& port) {
    ext_.port = &port;
}

bool function_socket_target::read(const bar_hit& where, uint8_t* data, uint32_t size) {
    return transport(tlm::TLM_READ_COMMAND, where, data, nullptr, size);
}

bool function_socket_target::read_with_enables(const bar_hit& where, uint8_t* data,
                                               const uint8_t* enabled, uint32_t size) {
    return transport(tlm::TLM_READ_COMMAND, where, data, enabled, size);
}

bool function_socket_target::write(const bar_hit& where, const uint8_t* data,
                                   const uint8_t* enabled, uint32_t size) {
    // The payload's data pointer is not const; a target must not change a write's data.
    return transport(tlm::TLM_WRITE_COMMAND, where, const_cast<uint8_t*>(data), enabled, size);
}

bool function_socket_target::transport(tlm::tlm_command command, const bar_hit& where,
                                       uint8_t* data, const uint8_t* enabled, uint32_t size) {
    if (target_ == nullptr) {
        throw std::logic_error("function_socket_target: no target connected");
    }
    ++accesses_;
    ext_.function = where.function;
    ext_.pf_index = where.pf_index;
    ext_.vf_index = where.is_vf ? std::optional<uint16_t>(where.vf_index) : std::nullopt;
    ext_.bar = where.bar;
    ext_.window_base = where.window_base;
    gp_.set_command(command);
    gp_.set_address(where.offset);
    gp_.set_data_ptr(data);
    gp_.set_data_length(size);
    gp_.set_streaming_width(size);
    gp_.set_byte_enable_ptr(nullptr);
    gp_.set_byte_enable_length(0);
    // Only a request with a disabled byte carries byte enables: "all enabled" is no pointer.
    if (enabled != nullptr &&
        std::any_of(enabled, enabled + size, [](uint8_t e) { return e == 0; })) {
        enables_.resize(size);
        std::transform(enabled, enabled + size, enables_.begin(),
                       [](uint8_t e) { return e != 0 ? TLM_BYTE_ENABLED : TLM_BYTE_DISABLED; });
        gp_.set_byte_enable_ptr(enables_.data());
        gp_.set_byte_enable_length(size);
    }
    gp_.set_dmi_allowed(false);
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp_.set_extension(&ext_);
    sc_core::sc_time zero = sc_core::SC_ZERO_TIME;
    target_->b_transport(gp_, delay_ != nullptr ? *delay_ : zero);
    gp_.clear_extension(&ext_);
    const bool ok = gp_.is_response_ok();
    errors_ += ok ? 0 : 1;
    return ok;
}

} // namespace sriov::endpoint
