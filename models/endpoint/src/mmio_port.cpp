#include "sriov/endpoint/mmio_port.h"

#include "sriov/config/capability_kind.h"
#include "sriov/endpoint/bar_state.h"
#include "sriov/pcie/registers.h"
#include "sriov/tlp/mem_split.h"

#include <algorithm>
#include <cstring>

namespace sriov::endpoint {
namespace {

uint16_t next(uint16_t& tag) {
    const uint16_t t = tag;
    tag = static_cast<uint16_t>((tag + 1) & 0xFF);
    return t;
}

} // namespace

mmio_port::mmio_port(sc_core::sc_module_name name, sriov_endpoint& endpoint, link::link_config link,
                     mmio_params params)
    : sc_core::sc_module(name), mmio("mmio"), upstream("upstream"), endpoint_(endpoint),
      link_(link), params_(params),
      completer_(endpoint.device().profile(), endpoint.device().pf_rid(0)) {
    mmio.bind(*this);
    upstream.bind(*this);
}

sc_core::sc_time mmio_port::link_ps(link::direction dir, const mem_tlp& t) const {
    const std::size_t size = mem_header_bytes(t.type) + t.payload.size();
    return sc_core::sc_time(static_cast<double>(link::tlp_latency_ps(link_, dir, size)),
                            sc_core::SC_PS);
}

// The windows and MSI-X controls as config space says now (the decoder is a
// snapshot; rebuilding it per access keeps it exact without a config hook).
void mmio_port::refresh() {
    completer_.set_decoder(make_bar_decoder(endpoint_.device()));
}

bar_hit mmio_port::function_of(routing_id fn) const {
    const config::sriov_device& d = endpoint_.device();
    bar_hit h;
    h.function = fn;
    const auto pf = d.pf_of(fn);
    h.pf_index = pf.value_or(0);
    const auto vf = d.vf_index_of(fn, h.pf_index);
    h.is_vf = vf.has_value();
    h.vf_index = vf.value_or(0);
    return h;
}

void mmio_port::sync_msix(const bar_hit& fn) {
    const config::sriov_device& d = endpoint_.device();
    const config::register_layout& layout =
        fn.is_vf ? d.vf_layout(fn.pf_index) : d.pf_layout(fn.pf_index);
    const uint16_t cap = layout.capability_offset(config::capability_kind::msix);
    if (cap == 0) {
        return;
    }
    const uint16_t at = static_cast<uint16_t>(cap + msix_field::ctrl);
    const uint32_t dw = d.peek_dw(fn.function, static_cast<uint16_t>(at / 4)).value_or(0);
    const auto ctrl = static_cast<uint16_t>(dw >> (8 * (at % 4)));
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    send(completer_.msix(fn).set_control((ctrl & bits::msix_ctrl_enable) != 0,
                                         (ctrl & bits::msix_ctrl_function_mask) != 0),
         fn.function, delay);
}

void mmio_port::send(const std::vector<msi_message>& messages, routing_id from,
                     sc_core::sc_time& delay) {
    const uint32_t command =
        endpoint_.device().peek_dw(from, static_cast<uint16_t>(reg::command / 4)).value_or(0);
    for (const msi_message& m : messages) {
        if ((command & bits::command_bus_master) == 0) {
            ++messages_blocked_;
            continue;
        }
        const mem_tlp w = msi_write_tlp(m, from);
        sc_core::sc_time d = delay + link_ps(link::direction::upstream, w);
        ++messages_sent_;
        if (upstream.size() == 0) {
            continue;
        }
        uint8_t data[4];
        std::memcpy(data, w.payload.data(), sizeof data);
        tlm::tlm_generic_payload gp;
        gp.set_command(tlm::TLM_WRITE_COMMAND);
        gp.set_address(m.address);
        gp.set_data_ptr(data);
        gp.set_data_length(sizeof data);
        gp.set_streaming_width(sizeof data);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        upstream->b_transport(gp, d);
    }
}

msix_outcome mmio_port::raise(routing_id function, uint16_t vector) {
    refresh();
    const bar_hit fn = function_of(function);
    sync_msix(fn);
    const raise_result r = completer_.msix(fn).raise(vector);
    if (r.message) {
        sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
        send({*r.message}, function, delay);
    }
    return r.outcome;
}

tlm::tlm_response_status mmio_port::access(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    const bool write = gp.is_write();
    const uint64_t address = gp.get_address();
    const uint32_t length = gp.get_data_length();
    uint8_t* data = gp.get_data_ptr();
    const completer_params cp{params_.rcb, params_.max_payload};
    tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
    const auto chunks =
        split_transfer(address, length, write ? params_.max_payload : params_.max_read_request);
    for (const mem_chunk& c : chunks) {
        uint8_t* at = data + (c.address - address);
        const mem_tlp req =
            write ? make_mem_write(params_.requester, next(next_tag_), c.address,
                                   std::vector<uint8_t>(at, at + c.bytes))
                  : make_mem_read(params_.requester, next(next_tag_), c.address, c.bytes);
        delay += link_ps(link::direction::downstream, req) + endpoint_.processing_time();
        const auto hit = completer_.decoder().decode(req.address, 4u * req.length_dw);
        if (hit) {
            sync_msix(*hit); // Message Control as config space holds it now
        }
        const mem_response r = completer_.handle(req, cp);
        if (hit) {
            send(r.messages, hit->function, delay);
        }
        if (r.unsupported) {
            status = tlm::TLM_ADDRESS_ERROR_RESPONSE;
        }
        uint32_t filled = 0;
        for (const mem_tlp& cpl : r.completions) {
            delay += link_ps(link::direction::upstream, cpl);
            if (cpl.type != mem_tlp_type::cpl_d) {
                status = r.unsupported ? status : tlm::TLM_GENERIC_ERROR_RESPONSE;
                continue;
            }
            const std::size_t skip = cpl.lower_address % 4;
            const std::size_t n = std::min<std::size_t>(
                {cpl.byte_count, cpl.payload.size() - skip, c.bytes - filled});
            std::copy_n(cpl.payload.begin() + static_cast<long>(skip), n, at + filled);
            filled += static_cast<uint32_t>(n);
        }
    }
    return status;
}

void mmio_port::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    if (!gp.is_read() && !gp.is_write()) {
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    if (gp.get_byte_enable_ptr() != nullptr) {
        gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
        return;
    }
    if (gp.get_data_length() == 0 || gp.get_address() + gp.get_data_length() < gp.get_address()) {
        gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return;
    }
    refresh();
    gp.set_response_status(access(gp, delay));
}

tlm::tlm_sync_enum mmio_port::nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                              sc_core::sc_time& delay) {
    if (phase != tlm::BEGIN_REQ) {
        return tlm::TLM_COMPLETED; // END_RESP after an early completion: nothing left
    }
    b_transport(gp, delay);
    phase = tlm::END_RESP;
    return tlm::TLM_COMPLETED;
}

} // namespace sriov::endpoint
