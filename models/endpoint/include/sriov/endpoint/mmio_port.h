// The endpoint's memory port: memory request TLPs (MRd/MWr, carried by a
// mem_tlp_extension) arrive from the link's memory lane (link/mem_lane.h) at
// `in` and are answered by mem_completer (BAR decode, MSI-X Table/PBA, the
// function targets): the read's Cpl/CplD(s), split by the function's PF's
// Max_Payload_Size and RCB, go back in the extension, the
// endpoint's processing time is added to the delay. MSI-X messages leave on
// `upstream` as MWr TLPs (4-byte writes at their Message Address) to the
// lane; a function without Bus Master Enable sends nothing.
//
// Config space is not hooked (the config TLP path stays bare): the decoder is
// rebuilt when what it depends on changed since the last memory access; a
// function's MSI-X state is reset when its readiness time changed (FLR,
// reset, VF disable / enable); while a vector pends the port observes the
// endpoint's config requests so that a Function Mask clear sends at once
// (docs/data-path.md).
//
// Function models: by default each function's BARs (outside its MSI-X
// Table and PBA) are plain memory (memory_backed_target); a TLM target bound
// to `functions` gets every such access instead, as a generic payload with
// the BAR offset as address and a bar_access_extension naming the function
// and BAR (function_socket.h); its annotated delay joins the completion's
// time, an error response is a Completer Abort (read) or a dropped, counted
// write, and it raises its function's MSI-X vectors through the extension.
//
// The host reaches it through the root complex's MMIO window
// (root_complex/mmio_window.h) and the link: one path. A request that is no
// well-formed memory request, or a transaction without the extension, is
// dropped (TLM_GENERIC_ERROR_RESPONSE, counted as malformed).
#pragma once

#include "sriov/endpoint/function_socket.h"
#include "sriov/endpoint/mem_completer.h"
#include "sriov/endpoint/sriov_endpoint.h"

#include <cstdint>
#include <map>
#include <optional>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace sriov::endpoint {

class mmio_port : public sc_core::sc_module, private request_observer {
public:
    tlm_utils::simple_target_socket_optional<mmio_port> in;
    // Optional: unbound, messages are counted and dropped.
    tlm_utils::simple_initiator_socket_optional<mmio_port> upstream;
    // Optional: the user's function models (one target for every function;
    // the extension says which). Unbound: the memory-backed default, or a
    // function_target given to completer().bind(). Bound, it takes the place
    // of either from the end of elaboration on.
    tlm_utils::simple_initiator_socket_optional<mmio_port> functions;

    mmio_port(sc_core::sc_module_name name, sriov_endpoint& endpoint);

    mem_completer& completer() { return completer_; }

    // AT (b_transport from the link's thread at the request's arrival): a
    // memory request waits for the endpoint behind the requests that arrived
    // before it, config requests included (sriov_endpoint::take_turn), so a
    // config write ahead of it is applied first. LT by default.
    void set_at(bool at) { at_ = at; }

    // What a read's completions of `function` are split by: its PF's Device
    // Control Max_Payload_Size and Link Control RCB (a VF's fields are RsvdP,
    // its PF's apply: docs/config-space-map.md), as config space holds them
    // now. A reserved MPS encoding (110b, 111b) gives 128 bytes and an
    // SC_REPORT_WARNING when first seen.
    completer_params completion_params(routing_id function);

    // The function model of `function` signals MSI-X vector `vector`: the
    // message goes upstream now (with Bus Master Enable), or pends. A function
    // that does not exist (a disabled VF) sends nothing (`disabled`); a
    // function without MSI-X or a vector past its table throws
    // std::out_of_range.
    msix_outcome raise(routing_id function, uint16_t vector);
    // The same, `delay` after the current time (a function model inside its
    // b_transport passes its annotated delay: the message leaves then).
    msix_outcome raise(routing_id function, uint16_t vector, const sc_core::sc_time& delay);

    // Vector `vector` of `function` as its table holds it now (after an FLR or
    // VF disable: at reset); nullopt when there is no such function or vector.
    std::optional<msi_message> vector_entry(routing_id function, uint16_t vector);

    uint64_t requests() const { return requests_; }
    uint64_t malformed() const { return malformed_; }
    uint64_t messages_sent() const { return messages_sent_; }
    uint64_t messages_blocked() const { return messages_blocked_; } // Bus Master Enable 0
    uint64_t raises_refused() const { return raises_refused_; }     // no such function
    uint64_t decoder_builds() const { return decoder_builds_; }
    uint64_t msix_resets() const { return msix_resets_; } // tables reset by FLR, VF disable, reset
    // Accesses sent to the `functions` socket, and those its target answered
    // with an error (CA for a read, a dropped write).
    uint64_t function_accesses() const { return function_socket_.accesses(); }
    uint64_t function_errors() const { return function_socket_.errors(); }
    // True while a vector pends: the port then sees the endpoint's config
    // requests (request_observer) to send what a Function Mask clear released.
    bool watching_config() const { return watching_; }

private:
    void end_of_elaboration() override;
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void refresh();
    void read_completion_params();
    void settle(const bar_hit& fn);
    void on_request(const tlp& request, const tlp* completion, uint64_t now_ns) override;
    void release_pending(sc_core::sc_time& delay);
    void watch_if_pending();
    void stop_watching(); // SC_METHOD on unwatch_
    bar_hit function_of(routing_id fn) const;
    void sync_msix(const bar_hit& fn, sc_core::sc_time& delay);
    void send(const std::vector<msi_message>& messages, routing_id from, sc_core::sc_time& delay);

    sriov_endpoint& endpoint_;
    mem_completer completer_;
    function_socket_target function_socket_;
    bool at_ = false;
    std::vector<completer_params> pf_params_; // per PF, read when a register changed
    std::vector<unsigned> mps_encoding_;      // per PF: the Device Control MPS field read
    uint64_t requests_ = 0;
    uint64_t malformed_ = 0;
    uint64_t messages_sent_ = 0;
    uint64_t messages_blocked_ = 0;
    uint64_t raises_refused_ = 0;
    std::vector<uint64_t> decode_inputs_; // what the decoder was built from
    std::vector<uint64_t> scratch_;       // the inputs now
    uint64_t decoder_builds_ = 0;
    uint64_t changes_seen_ = 0;               // the device's register_changes() at the last look
    std::map<uint16_t, uint64_t> ready_seen_; // per function with MSI-X: its readiness time
    uint64_t msix_resets_ = 0;
    bool watching_ = false;
    sc_core::sc_event unwatch_;
};

} // namespace sriov::endpoint
