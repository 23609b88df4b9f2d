// Example (c): your own approximately-timed initiator. In place of the root
// complex it drives the PCIe link with config TLPs through the TLM-2.0
// base protocol (nb_transport, BEGIN_REQ -> END_REQ, BEGIN_RESP from the
// link): the link serializes each TLP, the SR-IOV endpoint takes one request
// at a time and answers with its completion. The initiator issues four
// CfgRd0 TLPs back to back without waiting (four tags in flight), matches
// each completion to its request by tag and checks the data and that the
// completions come back one after the other.
// To keep the root complex (ECAM addresses, tags, CRS retries, timeouts) and
// still drive it with nb_transport, bind your initiator to the platform's
// `rc.ecam_nb` instead (docs/library.md, "An AT initiator without a thread
// per access").
//
//   example_at_initiator DEVICE.toml
#include "check.h"
#include "device_argument.h"

#include <sriov/config/sriov_device.h>
#include <sriov/endpoint/sriov_endpoint.h>
#include <sriov/link/pcie_link.h>
#include <sriov/pcie/registers.h>
#include <sriov/tlp/tlp.h>
#include <sriov/tlp/tlp_extension.h>

#include <array>
#include <cstdio>
#include <systemc>
#include <tlm>

using example::check;
using example::check_value;

struct my_at_initiator : sc_core::sc_module, tlm::tlm_bw_transport_if<> {
    tlm::tlm_initiator_socket<> socket{"socket"};

    static constexpr unsigned in_flight = 4;
    struct request {
        tlm::tlm_generic_payload gp;
        sriov::tlp_extension* ext = new sriov::tlp_extension; // owned by gp
        sc_core::sc_time completed_at;
        bool completed = false;
    };
    std::array<request, in_flight> requests;
    sc_core::sc_event all_completed;
    unsigned completions = 0;
    bool done = false;

    SC_HAS_PROCESS(my_at_initiator);
    explicit my_at_initiator(sc_core::sc_module_name name) : sc_core::sc_module(name) {
        socket.bind(*this);
        for (auto& r : requests) {
            r.gp.set_extension(r.ext);
        }
        SC_THREAD(run);
    }

    void run() {
        const sriov::routing_id requester(0x0000); // as the root port would: 00:00.0
        const sriov::routing_id pf(0x0100);
        wait(2, sc_core::SC_US); // past the device's reset readiness (1 us)
        const sc_core::sc_time start = sc_core::sc_time_stamp();
        for (uint16_t tag = 0; tag < in_flight; ++tag) {
            request& r = requests[tag];
            // DW 0..3 of the PF's header: IDs, Command/Status, class, BIST/header type.
            r.ext->value = sriov::make_cfg_read(requester, tag, pf, tag);
            r.gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
            tlm::tlm_phase phase = tlm::BEGIN_REQ;
            sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
            const tlm::tlm_sync_enum s = socket->nb_transport_fw(r.gp, phase, delay);
            check(s == tlm::TLM_UPDATED && phase == tlm::END_REQ, "the link accepts the request");
        }
        wait(all_completed);

        const sriov::tlp& id = requests[0].ext->value;
        check(id.type == sriov::tlp_type::cpl_d &&
                  id.status == sriov::completion_status::successful,
              "DW 0 completes with CplD, SC");
        check_value(id.data, 0x1041'1AF4, "DW 0: Device ID << 16 | Vendor ID");
        // Status (DW 1, bits 31:16) has Capabilities List; the class code
        // (DW 2, bits 31:8) is the built-in device's Ethernet controller.
        const uint32_t status = requests[1].ext->value.data >> 16;
        check((status & sriov::bits::status_cap_list) != 0, "Status: Capabilities List");
        check_value(requests[2].ext->value.data >> 8, 0x020000, "class code");
        for (uint16_t tag = 0; tag < in_flight; ++tag) {
            check_value(requests[tag].ext->value.tag, tag, "completion tag");
            check_value(requests[tag].ext->value.completer.value, pf.value, "completer ID");
        }
        // The endpoint processes one request at a time: strictly ordered completions.
        for (unsigned i = 1; i < in_flight; ++i) {
            check(requests[i].completed_at > requests[i - 1].completed_at,
                  "completion i after completion i-1");
        }
        std::printf("4 reads in flight completed %s after the first request\n",
                    (requests[in_flight - 1].completed_at - start).to_string().c_str());
        done = true;
    }

    // BEGIN_RESP from the link: the completion, arriving after `delay`.
    tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload& gp, tlm::tlm_phase& phase,
                                       sc_core::sc_time& delay) override {
        check(phase == tlm::BEGIN_RESP, "the link answers with BEGIN_RESP");
        for (auto& r : requests) {
            if (&r.gp == &gp) {
                r.completed = true;
                r.completed_at = sc_core::sc_time_stamp() + delay;
                if (++completions == in_flight) {
                    all_completed.notify(delay);
                }
            }
        }
        return tlm::TLM_COMPLETED;
    }
    void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}
};

int sc_main(int argc, char* argv[]) {
    const sriov::config::device_description description = example::device_argument(argc, argv);
    // The platform without the root complex: link + endpoint + configuration space.
    sriov::config::sriov_device device(description);
    sriov::link::link_config link_cfg; // Gen3 x4
    link_cfg.phy_latency_down_ps = link_cfg.phy_latency_up_ps = 200'000;
    sriov::link::pcie_link link("link", link_cfg);
    sriov::endpoint::sriov_endpoint ep("ep", device);
    my_at_initiator cpu("cpu");
    cpu.socket.bind(link.upstream_port);
    link.downstream_port.bind(ep.port);

    sc_core::sc_start();
    check(cpu.done, "the initiator ran to its end");
    return 0;
}
