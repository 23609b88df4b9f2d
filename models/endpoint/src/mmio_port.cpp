#include "sriov/endpoint/mmio_port.h"

#include "sriov/config/capability_kind.h"
#include "sriov/endpoint/bar_state.h"
#include "sriov/pcie/registers.h"
#include "sriov/tlp/mem_split.h"
#include "sriov/tlp/mem_tlp_extension.h"

#include <cstring>
#include <stdexcept>
#include <string>

namespace sriov::endpoint {

mmio_port::mmio_port(sc_core::sc_module_name name, sriov_endpoint& endpoint)
    : sc_core::sc_module(name), in("in"), upstream("upstream"), functions("functions"),
      endpoint_(endpoint), completer_(endpoint.device().profile(), endpoint.device().pf_rid(0)),
      function_socket_(*this) {
    in.register_b_transport(this, &mmio_port::b_transport);
    SC_HAS_PROCESS(mmio_port);
    SC_METHOD(stop_watching);
    sensitive << unwatch_;
    dont_initialize();
}

void mmio_port::end_of_elaboration() {
    if (functions.size() != 0) {
        function_socket_.connect(*functions[0]);
        completer_.bind(function_socket_);
    }
}

namespace {

uint32_t peek(const config::sriov_device& d, routing_id fn, uint16_t offset) {
    return d.peek_dw(fn, static_cast<uint16_t>(offset / 4)).value_or(0);
}

uint32_t peek16(const config::sriov_device& d, routing_id fn, uint16_t offset) {
    return peek(d, fn, offset) >> (8 * (offset % 4)) & 0xFFFF;
}

// What the windows depend on, per PF: Command, the BARs, VF Enable and VF MSE,
// the VFs that exist and their routing IDs, each VF BAR's base and aperture
// (System Page Size). Equal inputs give an equal decoder.
void decode_inputs(const config::sriov_device& d, std::vector<uint64_t>& k) {
    k.clear();
    for (std::size_t pf = 0; pf < d.pf_count(); ++pf) {
        const routing_id rid = d.pf_rid(pf);
        k.push_back(peek(d, rid, reg::command));
        for (unsigned n = 0; n < 6; ++n) {
            k.push_back(peek(d, rid, reg::bar(n)));
        }
        k.push_back(uint64_t{d.vf_enable(pf)} | uint64_t{d.vf_mse(pf)} << 1);
        k.push_back(d.active_vfs(pf));
        k.push_back(uint64_t{d.first_vf_offset(pf)} << 16 | d.vf_stride(pf));
        for (unsigned n = 0; n < 6; ++n) {
            k.push_back(d.vf_bar_address(n, 0, pf));
            k.push_back(d.vf_bar_size(n, pf));
        }
    }
}

} // namespace

// The decoder is a snapshot: rebuilt only when what it depends on changed
// since the last memory access (compared here, so the config write path
// carries no hook: only the device's count of register changes).
void mmio_port::refresh() {
    const uint64_t changes = endpoint_.device().register_changes();
    if (decoder_builds_ != 0 && changes == changes_seen_) {
        return; // no register changed since the last look
    }
    changes_seen_ = changes;
    read_completion_params();
    decode_inputs(endpoint_.device(), scratch_); // reused: no allocation per access
    if (decoder_builds_ == 0 || scratch_ != decode_inputs_) {
        completer_.set_decoder(make_bar_decoder(endpoint_.device()));
        decode_inputs_.swap(scratch_);
        ++decoder_builds_;
    }
}

// Each PF's Device Control Max_Payload_Size and Link Control RCB (PCIe r5.0
// 7.5.3.4, 7.5.3.7); its VFs use them (their fields are RsvdP).
void mmio_port::read_completion_params() {
    const config::sriov_device& d = endpoint_.device();
    pf_params_.resize(d.pf_count());
    mps_encoding_.resize(d.pf_count(), 0);
    for (std::size_t pf = 0; pf < d.pf_count(); ++pf) {
        const routing_id rid = d.pf_rid(pf);
        const uint16_t cap = d.pf_layout(pf).capability_offset(config::capability_kind::pcie);
        completer_params p;
        if (cap != 0) {
            const uint32_t dev = peek16(d, rid, static_cast<uint16_t>(cap + pcie_field::dev_ctrl));
            const uint32_t link =
                peek16(d, rid, static_cast<uint16_t>(cap + pcie_field::link_ctrl));
            const unsigned mps = (dev & bits::dev_ctrl_max_payload_size) >> 5;
            if (mps > 5 && mps != mps_encoding_[pf]) {
                const std::string msg = "reserved Max_Payload_Size encoding " +
                                        std::to_string(mps) + " in the Device Control of " +
                                        to_string(rid) + ": its read completions use 128 bytes";
                SC_REPORT_WARNING("sriov/endpoint", msg.c_str());
            }
            mps_encoding_[pf] = mps;
            p.max_payload = mps > 5 ? 128 : device_control_size(mps);
            p.rcb = (link & bits::link_ctrl_rcb) != 0 ? 128 : 64;
        }
        pf_params_[pf] = p;
    }
}

completer_params mmio_port::completion_params(routing_id function) {
    refresh();
    const auto pf = endpoint_.device().pf_of(function);
    return pf && *pf < pf_params_.size() ? pf_params_[*pf] : completer_params{};
}

// An FLR, a conventional reset, VF disable or VF (re-)enable gives the
// function a new readiness time (or none): its MSI-X state is back to reset
// (PCI 3.0 6.8.2: Mask Bits set, Enable 0; a new VF starts at reset).
void mmio_port::settle(const bar_hit& fn) {
    if (!completer_.has_msix(fn)) {
        return;
    }
    const uint64_t ready = endpoint_.device().function_exists(fn.function)
                               ? endpoint_.device().ready_at_ns(fn.function)
                               : ~uint64_t{0};
    const auto [it, first] = ready_seen_.try_emplace(fn.function.value, ready);
    if (!first && it->second != ready) {
        it->second = ready;
        completer_.msix(fn).reset();
        ++msix_resets_;
    }
}

// Pending vectors a config write unmasked (Function Mask cleared) go at once:
// while any vector pends, the port watches the endpoint's config requests.
void mmio_port::on_request(const tlp& request, const tlp* completion, uint64_t now_ns) {
    if (completion == nullptr || !is_write(request.type)) {
        return;
    }
    const sc_core::sc_time applied(static_cast<double>(now_ns), sc_core::SC_NS);
    const sc_core::sc_time now = sc_core::sc_time_stamp();
    sc_core::sc_time delay = applied > now ? applied - now : sc_core::SC_ZERO_TIME;
    delay += endpoint_.processing_time();
    release_pending(delay);
    if (!completer_.any_pending()) {
        unwatch_.notify(sc_core::SC_ZERO_TIME); // not from inside the endpoint's observer walk
    }
}

void mmio_port::release_pending(sc_core::sc_time& delay) {
    for (const routing_id rid : completer_.functions_with_pending()) {
        const bar_hit fn = function_of(rid);
        settle(fn);
        if (endpoint_.device().function_exists(rid)) {
            sync_msix(fn, delay);
        }
    }
}

void mmio_port::watch_if_pending() {
    if (!watching_ && completer_.any_pending()) {
        endpoint_.add_observer(this);
        watching_ = true;
    }
}

void mmio_port::stop_watching() {
    if (watching_ && !completer_.any_pending()) {
        endpoint_.remove_observer(this);
        watching_ = false;
    }
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

void mmio_port::sync_msix(const bar_hit& fn, sc_core::sc_time& delay) {
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
        ++messages_sent_;
        if (upstream.size() == 0) {
            continue;
        }
        mem_tlp_extension ext(msi_write_tlp(m, from));
        uint8_t data[4];
        std::memcpy(data, ext.request.payload.data(), sizeof data);
        sc_core::sc_time d = delay;
        tlm::tlm_generic_payload gp;
        gp.set_command(tlm::TLM_WRITE_COMMAND);
        gp.set_address(m.address);
        gp.set_data_ptr(data);
        gp.set_data_length(sizeof data);
        gp.set_streaming_width(sizeof data);
        gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        gp.set_extension(&ext);
        upstream->b_transport(gp, d);
        gp.clear_extension(&ext);
    }
}

std::optional<msi_message> mmio_port::vector_entry(routing_id function, uint16_t vector) {
    if (!endpoint_.device().function_exists(function)) {
        return std::nullopt;
    }
    const bar_hit fn = function_of(function);
    if (!completer_.has_msix(fn) || vector >= completer_.msix(fn).vectors()) {
        return std::nullopt;
    }
    settle(fn);
    return completer_.msix(fn).message(vector);
}

msix_outcome mmio_port::raise(routing_id function, uint16_t vector) {
    return raise(function, vector, sc_core::SC_ZERO_TIME);
}

msix_outcome mmio_port::raise(routing_id function, uint16_t vector, const sc_core::sc_time& at) {
    if (!endpoint_.device().function_exists(function)) {
        ++raises_refused_; // a VF that is gone signals nothing
        return msix_outcome::disabled;
    }
    const bar_hit fn = function_of(function);
    if (!completer_.has_msix(fn) || vector >= completer_.msix(fn).vectors()) {
        throw std::out_of_range("raise: " + to_string(function) + " has no MSI-X vector " +
                                std::to_string(vector));
    }
    settle(fn);
    sc_core::sc_time delay = at;
    sync_msix(fn, delay);
    const raise_result r = completer_.msix(fn).raise(vector);
    if (r.message) {
        send({*r.message}, function, delay);
    }
    watch_if_pending();
    return r.outcome;
}

void mmio_port::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    auto* ext = gp.get_extension<mem_tlp_extension>();
    ++requests_;
    if (ext == nullptr || !is_mem_request(ext->request.type) ||
        validate(ext->request) != mem_decode_error::none) {
        ++malformed_; // a receiver drops a malformed TLP: no completion
        SC_REPORT_WARNING("sriov/endpoint", "malformed memory request dropped");
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    if (at_) { // behind the requests that arrived first, config ones included
        const sc_core::sc_time turn = endpoint_.take_turn();
        if (turn != sc_core::SC_ZERO_TIME) {
            sc_core::wait(turn);
        }
    }
    refresh();
    const mem_tlp& req = ext->request;
    const auto hit = completer_.decoder().decode(req.address, 4u * req.length_dw);
    if (hit) {
        settle(*hit);
        sync_msix(*hit, delay); // Message Control as config space holds it now
    }
    // The function model's annotated delay joins this request's.
    struct delay_scope {
        function_socket_target& t;
        ~delay_scope() { t.set_delay(nullptr); }
    } scope{function_socket_};
    function_socket_.set_delay(&delay);
    const completer_params params =
        hit ? pf_params_.at(hit->pf_index) : completer_params{}; // refresh() read them
    mem_response r = completer_.handle(req, params);
    delay += endpoint_.processing_time();
    if (hit) {
        send(r.messages, hit->function, delay);
    }
    watch_if_pending();
    ext->completions = std::move(r.completions);
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace sriov::endpoint
