// Runs a parsed scenario against the platform: one SC_THREAD executes the
// steps in order through the three Windows API families (bound to the root
// complex's ECAM socket) and a host CPU for direct config accesses, checks
// the expectations, prints one summary line per step, writes API calls into
// the transaction log and marks the active API in the VCD.
#pragma once

#include "sriov/link/tlp_observer.h"
#include "sriov/scenario/scenario.h"
#include "sriov/sw_stubs/ndis_pf_miniport.h"
#include "sriov/sw_stubs/pci_virtualization_bus.h"
#include "sriov/sw_stubs/pcivirt_pf_driver.h"
#include "sriov/tb/host_cpu.h"
#include "sriov/tb/platform.h"

#include <cstdio>
#include <string>
#include <systemc>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>
#include <vector>

namespace sriov::tb {
class transaction_log;
class tlp_vcd_monitor;
} // namespace sriov::tb

namespace sriov::scenario {

// The platform a scenario asks for, with command-line overrides already
// applied to `s` by the caller. Throws config::profile_error for a bad profile.
tb::platform_config make_platform_config(const platform_settings& s,
                                         const std::string& scenario_dir);
sw_stubs::stub_config make_stub_config(const platform_settings& s);

// One executed step as the summary shows it.
struct step_result {
    unsigned index = 0; // 1-based
    unsigned line = 0;
    std::string name;      // API or command
    std::string arguments; // as the stub formatted them, or the scenario's
    unsigned tlps = 0;
    uint64_t start_ps = 0;
    uint64_t end_ps = 0;
    bool has_result = false;
    int64_t result = 0;
    std::string result_text;
    bool refused = false;
    std::string reason;
    unsigned expectations = 0;
    unsigned failed = 0;
};

class runner : public sc_core::sc_module,
               public link::tlp_observer,
               public sw_stubs::api_call_observer {
public:
    runner(sc_core::sc_module_name name, tb::platform& top, const scenario& sc,
           const sw_stubs::stub_config& stubs);

    sw_stubs::pci_virtualization_bus bus;
    sw_stubs::ndis_pf_miniport ndis;
    sw_stubs::pcivirt_pf_driver pcivirt;
    tb::host_cpu cpu; // the Linux flow's initiator
    // Direct config accesses of `read`/`write`/`flr` (an ECAM load/store
    // with a fresh config_access_extension each time).
    tlm_utils::simple_initiator_socket<runner> direct;

    void set_log(tb::transaction_log* log) { log_ = log; }
    void set_vcd(tb::tlp_vcd_monitor* vcd) { vcd_ = vcd; }
    // Summary lines go here (nullptr: silent); failures always go to stderr too.
    void set_output(std::FILE* out) { out_ = out; }

    bool finished() const { return finished_; }
    unsigned expectations() const { return expectations_; }
    unsigned failures() const { return failures_; }
    const std::vector<step_result>& results() const { return results_; }
    // The failure messages, in order.
    const std::vector<std::string>& failure_messages() const { return messages_; }

    void on_tlp(uint64_t time_ps, link::direction dir, const tlp& t) override;
    void on_call(const sw_stubs::api_call_record& record) override;

private:
    struct outcome; // what a step produced (fields, data, the API record)

    void run();
    void execute(const step& st, outcome& o);
    void call_api(const step& st, outcome& o);
    void direct_access(const step& st, outcome& o);
    routing_id resolve(const function_ref& f) const;
    struct access_result {
        tlm::tlm_response_status response = tlm::TLM_INCOMPLETE_RESPONSE;
        config_access_result info;
        uint32_t value = 0; // 1..4-byte reads
    };
    access_result access(tlm::tlm_command cmd, routing_id fn, uint16_t offset, uint8_t* data,
                         unsigned length);
    void check(const step& st, const step_result& r, outcome& o, unsigned& failed);
    void report(const step& st, step_result& r, const outcome& o);

    tlm_utils::tlm_quantumkeeper qk_;
    tb::platform& top_;
    const scenario& sc_;
    tb::transaction_log* log_ = nullptr;
    tb::tlp_vcd_monitor* vcd_ = nullptr;
    std::FILE* out_ = stdout;
    bool capturing_ = false;
    std::vector<std::string> captured_tlps_;
    std::vector<sw_stubs::api_call_record> calls_;
    std::vector<step_result> results_;
    std::vector<std::string> messages_;
    unsigned expectations_ = 0;
    unsigned failures_ = 0;
    bool finished_ = false;
};

} // namespace sriov::scenario
