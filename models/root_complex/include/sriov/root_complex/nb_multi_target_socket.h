// The root complex's ecam_nb socket: tlm_utils' multi-passthrough target
// socket (any number of initiators, each call carrying its binding's index,
// hierarchical binds as the library makes them), whose forward nb_transport
// reaches the owner's callback `NB` (a template argument) by a direct call.
// The library's binder goes through two functor layers and a member pointer
// to it: about 30 instructions per call (docs/performance.md), where an AT
// initiator sends one call per access.
// Everything else (b_transport, transport_dbg, the backward path, the
// binding checks at end of elaboration) is the library's.
#pragma once

#include <memory>
#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace sriov::root_complex {

template <typename MODULE, tlm::tlm_sync_enum (MODULE::*NB)(int, tlm::tlm_generic_payload&,
                                                            tlm::tlm_phase&, sc_core::sc_time&)>
class nb_multi_target_socket
    : public tlm_utils::multi_passthrough_target_socket<MODULE, 32, tlm::tlm_base_protocol_types, 0,
                                                        sc_core::SC_ZERO_OR_MORE_BOUND> {
    using base =
        tlm_utils::multi_passthrough_target_socket<MODULE, 32, tlm::tlm_base_protocol_types, 0,
                                                   sc_core::SC_ZERO_OR_MORE_BOUND>;
    using library_binder = tlm_utils::callback_binder_fw<tlm::tlm_base_protocol_types>;

public:
    explicit nb_multi_target_socket(const char* name) : base(name) {}

    // `NB` of `module` takes every nb_transport_fw (the library's binders
    // through register_nb_transport_fw, the socket's own directly).
    void register_nb_transport_fw(MODULE* module) {
        base::register_nb_transport_fw(module, NB);
        module_ = module;
    }

    // Called once per initiator bound directly to this socket: a binder that
    // calls the callback itself. Hierarchical binds, and binds made before
    // the callback is registered, get the library's binder.
    tlm::tlm_fw_transport_if<>& get_base_interface() override {
        if (this->m_hierarch_bind != nullptr || module_ == nullptr) {
            return base::get_base_interface();
        }
        binder* b = nullptr;
        if (this->m_export_callback_created) {
            // The library made binder 0 at registration to bind the export
            // (which stays bound to it); the first initiator gets index 0.
            this->m_export_callback_created = false;
            export_binder_.reset(this->m_binders[0]);
            this->m_binders[0] = b = new binder(*this, 0);
        } else {
            b = new binder(*this, static_cast<int>(this->m_binders.size()));
            this->m_binders.push_back(b);
        }
        return *b;
    }
    using base::get_base_interface;

private:
    // The library's binder (its other callbacks, register_port for the
    // binding checks) with nb_transport_fw calling the owner directly.
    class binder final : public library_binder {
    public:
        binder(nb_multi_target_socket& socket, int index)
            : library_binder(&socket, index), module_(socket.module_), index_(index) {}
        tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                           sc_core::sc_time& delay) override {
            return (module_->*NB)(index_, gp, phase, delay);
        }

    private:
        MODULE* module_;
        int index_;
    };

    MODULE* module_ = nullptr;
    std::unique_ptr<library_binder> export_binder_; // the export's own, see above
};

} // namespace sriov::root_complex
