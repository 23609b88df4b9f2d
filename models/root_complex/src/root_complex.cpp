#include "sriov/root_complex/root_complex.h"

#include "access_bytes.h"
#include "nb_access.h"

#include "sriov/pcie/sim_time.h"
#include "sriov/root_complex/one_dw_request.h"
#include "sriov/tlp/tlp_format.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace sriov::root_complex {

namespace {

constexpr const char* msg_type = "sriov/root_complex";

sc_core::sc_time cycles(unsigned n, unsigned mhz) {
    return sc_core::sc_time(static_cast<double>(n) * 1e6 / mhz, sc_core::SC_PS);
}

void respond(tlm::tlm_generic_payload& gp, config_access_result* info,
             tlm::tlm_response_status response) {
    gp.set_response_status(response);
    if (info != nullptr) {
        info->response = response;
    }
}

} // namespace

const char* to_string(coding_style s) {
    return s == coding_style::lt ? "lt" : "at";
}

root_complex::root_complex(sc_core::sc_module_name name, const root_complex_config& cfg)
    : sc_core::sc_module(name), ecam("ecam"), ecam_nb("ecam_nb"), link_port("link_port"),
      mmio("mmio", cfg), cfg_(cfg), port_(cfg), nb_peq_("nb_peq") {
    if (cfg_.clock_mhz == 0 || cfg_.max_outstanding == 0 || cfg_.max_outstanding > 256) {
        const std::string msg = "invalid root complex configuration: clock_mhz " +
                                std::to_string(cfg_.clock_mhz) + ", max_outstanding " +
                                std::to_string(cfg_.max_outstanding) + " (1..256)";
        SC_REPORT_ERROR(msg_type, msg.c_str());
        cfg_.clock_mhz = std::max(cfg_.clock_mhz, 1u);
        cfg_.max_outstanding = std::clamp(cfg_.max_outstanding, 1u, 256u);
    }
    if (cfg_.requester_id.bus() >= cfg_.secondary_bus &&
        cfg_.requester_id.bus() <= cfg_.subordinate_bus) {
        // The port's own bus would also be behind it: its registers win (route_of).
        const std::string msg = "invalid root complex configuration: root port " +
                                to_string(cfg_.requester_id) + " inside its own bus range " +
                                std::to_string(cfg_.secondary_bus) + ".." +
                                std::to_string(cfg_.subordinate_bus);
        SC_REPORT_ERROR(msg_type, msg.c_str());
    }
    request_time_ = cycles(cfg_.request_cycles, cfg_.clock_mhz);
    completion_time_ = cycles(cfg_.completion_cycles, cfg_.clock_mhz);
    crs_interval_ = time_from_ps(cfg_.crs_retry_interval_ps);
    timeout_ = time_from_ps(cfg_.completion_timeout_ps);
    lt_gp_.set_extension(&lt_ext_);
    for (unsigned i = 0; i < cfg_.max_outstanding; ++i) {
        slots_.push_back(std::make_unique<slot>());
    }
    ecam.bind(*this);
    mmio.use_tags(*this); // one tag space for config and memory requests
    ecam_nb.register_nb_transport_fw(this);
    ecam_nb.register_b_transport(this, &root_complex::nb_b_transport);
    ecam_nb.register_transport_dbg(this, &root_complex::nb_transport_dbg);
    link_port.register_nb_transport_bw(this, &root_complex::nb_transport_bw);
    SC_HAS_PROCESS(root_complex);
    SC_METHOD(check_timeouts);
    sensitive << watchdog_;
    dont_initialize();
    SC_METHOD(run_nb);
    sensitive << nb_peq_.event();
    dont_initialize();
    SC_METHOD(start_waiting_nb);
    sensitive << slot_freed_;
    dont_initialize();
    SC_METHOD(free_held_tags);
    sensitive << held_tag_free_;
    dont_initialize();
}

root_complex::~root_complex() {
    lt_gp_.clear_extension(&lt_ext_); // a member: not for lt_gp_ to free
}

void root_complex::end_of_elaboration() {
    direct_link_ = direct_target_of(link_port);
    at_link_ = connect_at_target_of(link_port, *this);
}

uint32_t root_complex::access_root_port(bool write, uint16_t dw_index, uint8_t byte_enable,
                                        uint32_t data, sc_core::sc_time& delay) {
    // Inside the root complex: ECAM decode to the port's registers and back
    // through the two pipelines a TLP takes, without the link and the device.
    uint32_t value = 0;
    if (cfg_.mode == coding_style::lt) {
        delay += request_time_ + completion_time_;
    } else {
        wait(request_time_);
    }
    value = root_port_dw(write, dw_index, byte_enable, data);
    if (cfg_.mode == coding_style::at) {
        wait(completion_time_);
    }
    return value;
}

uint32_t root_complex::root_port_dw(bool write, uint16_t dw_index, uint8_t byte_enable,
                                    uint32_t data) {
    if (write) {
        port_.write_dw(dw_index, byte_enable, data);
        return 0;
    }
    return port_.read_dw(dw_index);
}

bool root_complex::crs_visible(const tlp& request) const {
    // PCIe 2.3.2: with CRS Software Visibility, a read that includes both
    // bytes of the Vendor ID completes with 0x0001 there and all-ones elsewhere.
    return port_.crs_software_visibility() && !is_write(request.type) && request.dw_index == 0 &&
           (request.first_be & 0x3) == 0x3;
}

// The request of `s` is answered or timed out: its tag is free, and a
// timed-out slot's payload is set aside for a late completion. Returns the
// completion (valid until the slot is next dispatched), or nullptr.
tlp* root_complex::release(slot* s) {
    s->waiting = false;
    s->busy = false;
    free_tag(s->tag);
    if (!s->completed) {
        retire(s);
        return nullptr;
    }
    return &s->ext->value;
}

// AT, blocking: waits for a free tag, sends, and sleeps until the completion
// has gone through the completion pipeline (or the watchdog declares the
// request timed out).
tlp* root_complex::send_at(const tlp& request, uint16_t& tag) {
    wait_for_slot();
    slot* s = dispatch(request, tag, nullptr, sc_core::SC_ZERO_TIME, 0);
    wait(s->done);
    // The slot's payload keeps the completion until this thread next waits.
    return release(s);
}

// A timed-out request may still complete later (or never, if the completion
// was lost): its payload is set aside so that a late completion is recognised
// and discarded, and the slot gets a fresh payload, free for the next request.
void root_complex::retire(slot* s) {
    for (auto& p : slots_) {
        if (p.get() == s) {
            timed_out_.push_back(std::move(p));
            p = std::make_unique<slot>();
            return;
        }
    }
}

void root_complex::arm_watchdog() {
    if (watchdog_armed_) {
        return;
    }
    const sc_core::sc_time now = this->now();
    bool any = false;
    sc_core::sc_time earliest;
    for (const auto& s : slots_) {
        if (s->waiting && (!any || s->deadline < earliest)) {
            earliest = s->deadline;
            any = true;
        }
    }
    if (any) {
        watchdog_armed_ = true;
        watchdog_at_ = std::max(earliest, now);
        watchdog_.notify(earliest > now ? earliest - now : sc_core::SC_ZERO_TIME);
    }
}

void root_complex::check_timeouts() {
    watchdog_armed_ = false;
    const sc_core::sc_time now = this->now();
    for (auto& s : slots_) {
        if (s->waiting && !s->completed && s->deadline <= now) {
            if (s->user != nullptr) {
                nb_answered(nb_record_of(*s)); // completed == false: timed out
            } else if (s->nb != nullptr) {
                nb_answered(*s->nb); // completed == false: timed out
            } else {
                s->done.notify(); // wakes send_at with completed == false
            }
        }
    }
    arm_watchdog();
}

tlm::tlm_sync_enum root_complex::nb_transport_bw(tlm::tlm_generic_payload& gp,
                                                 tlm::tlm_phase& phase, sc_core::sc_time& delay) {
    if (phase != tlm::BEGIN_RESP) {
        SC_REPORT_ERROR(msg_type, "unexpected phase on the link port");
        return tlm::TLM_COMPLETED;
    }
    take_completion(gp, delay);
    return tlm::TLM_COMPLETED;
}

// Only the root complex's own payloads come back by direct call (the link
// hands back what dispatch() handed it).
void root_complex::completion_at(tlm::tlm_generic_payload& gp, tlp& /*t: the slot's own*/,
                                 const sc_core::sc_time& delay) {
    slot& s = *static_cast<slot::payload&>(gp).owner;
    if (s.waiting) {
        take_completion(s, delay);
        return;
    }
    take_completion(gp, delay); // a timed-out request's late completion
}

// The completion carried by `gp` arrives `delay` from now: the slot that sent
// it takes it; a timed-out request's late completion is dropped.
void root_complex::take_completion(tlm::tlm_generic_payload& gp, const sc_core::sc_time& delay) {
    for (auto& s : slots_) {
        if (&s->gp == &gp && s->waiting) {
            take_completion(*s, delay);
            return;
        }
    }
    for (auto it = timed_out_.begin(); it != timed_out_.end(); ++it) {
        if (&(*it)->gp == &gp) {
            const std::string msg =
                "completion after timeout discarded: " + to_text((*it)->ext->value);
            SC_REPORT_WARNING(msg_type, msg.c_str());
            timed_out_.erase(it); // the link and the endpoint are done with the payload
            return;
        }
    }
    SC_REPORT_ERROR(msg_type, "completion for a transaction the root complex did not send");
}

// LT: the request in `t` (the one LT payload's TLP) goes down and its
// completion comes back in place in one call. True when answered (`delay`
// past the completion pipeline); false when no completion will come (`delay`
// the completion timeout after the request left).
[[gnu::always_inline]] inline bool root_complex::carry_lt(tlp& t, sc_core::sc_time& delay) {
    delay += request_time_;
    const sc_core::sc_time sent = delay;
    const bool answered =
        direct_link_ != nullptr ? direct_link_->transport_tlp(t, delay) : carry_lt_payload(delay);
    if (answered) {
        delay += completion_time_;
        return true;
    }
    delay = wait_time(time_sum(sent, timeout_)); // `sent` is an offset from now
    return false;
}

// The generic payload way (something other than the model's link and
// endpoint in between): lt_gp_ carries lt_ext_.value.
bool root_complex::carry_lt_payload(sc_core::sc_time& delay) {
    lt_gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    link_port->b_transport(lt_gp_, delay);
    return lt_gp_.get_response_status() == tlm::TLM_OK_RESPONSE;
}

// LT: `request` with a fresh tag in the LT payload. Nothing is in flight in
// LT, so the tag is the next one round robin (next_tag()).
[[gnu::always_inline]] inline tlp* root_complex::send_lt(const tlp& request, uint16_t& tag,
                                                         sc_core::sc_time& delay) {
    tag = advance_tag();
    tlp* cpl = &lt_ext_.value;
    *cpl = request;
    cpl->tag = tag;
    return carry_lt(*cpl, delay) ? cpl : nullptr;
}

[[gnu::always_inline]] inline tlp* root_complex::send(const tlp& request, uint16_t& tag,
                                                      sc_core::sc_time& delay,
                                                      config_access_result& acc) {
    ++acc.tlps_sent;
    ++tlps_sent_;
    return cfg_.mode == coding_style::lt ? send_lt(request, tag, delay)
                                         : send_at(request, tag); // both pipelines
}

// A completion whose type, tag or IDs are not its request's: reported, and
// the access fails with CA.
tlp* root_complex::mismatched(const tlp& request, uint16_t tag, tlp* cpl) {
    tlp sent = request;
    sent.tag = tag;
    const std::string msg =
        "completion does not match its request: sent " + to_text(sent) + ", got " + to_text(*cpl);
    SC_REPORT_ERROR(msg_type, msg.c_str());
    cpl->status = completion_status::completer_abort;
    return cpl;
}

// A CRS completion after `retries` retries: true when the request goes out
// again after the retry interval (counted); false when `cpl` is the answer
// (CRS Software Visibility's 0x0001, or CRS after the last retry).
bool root_complex::crs_retry_due(const tlp& request, tlp* cpl, unsigned retries,
                                 config_access_result& acc) {
    if (crs_visible(request)) {
        cpl->status = completion_status::successful; // PCIe 2.3.2: software sees 0x0001
        cpl->data = 0xFFFF0001u;
        return false;
    }
    if (retries >= cfg_.crs_retry_limit) {
        return false;
    }
    ++acc.crs_retries;
    ++crs_retries_;
    return true;
}

// The answer `cpl` (nullptr: timed out) to `request` sent with `tag`, after
// `retries` retries: true when it is final (a timeout counted, a mismatch
// turned into CA); false when the request goes out again (crs_retry_due).
bool root_complex::final_answer(const tlp& request, uint16_t tag, tlp* cpl, unsigned retries,
                                config_access_result& acc) {
    if (cpl == nullptr) {
        ++timeouts_;
        return true;
    }
    if (!answers(*cpl, request, tag)) {
        mismatched(request, tag, cpl);
        return true;
    }
    return cpl->status != completion_status::config_request_retry ||
           !crs_retry_due(request, cpl, retries, acc);
}

// The usual answer (a matching completion, not CRS) inline; everything else
// in resolve().
[[gnu::always_inline]] inline tlp* root_complex::issue(const tlp& request, sc_core::sc_time& delay,
                                                       config_access_result& acc) {
    uint16_t tag = 0;
    tlp* const cpl = send(request, tag, delay, acc);
    if (cpl != nullptr && answers(*cpl, request, tag) &&
        cpl->status != completion_status::config_request_retry) {
        return cpl;
    }
    return resolve(request, tag, cpl, delay, acc);
}

// The answer `cpl` (nullptr: timed out) to `request` sent with `tag`, retried
// while it is CRS and retries remain.
tlp* root_complex::resolve(const tlp& request, uint16_t tag, tlp* cpl, sc_core::sc_time& delay,
                           config_access_result& acc) {
    for (unsigned retries = 0;; ++retries) {
        if (final_answer(request, tag, cpl, retries, acc)) {
            return cpl;
        }
        if (cfg_.mode == coding_style::lt) {
            delay = wait_time(time_sum(delay, crs_interval_));
        } else {
            wait(wait_time(crs_interval_));
        }
        cpl = send(request, tag, delay, acc);
    }
}

// The request TLP of one whole DW (First DW BE 1111) routed on the link.
[[gnu::always_inline]] inline tlp root_complex::one_dw_request(routing_id rid, bool type1,
                                                               bool write, uint16_t dw_index,
                                                               uint32_t value, uint16_t tag) const {
    return write ? make_cfg_write(cfg_.requester_id, tag, rid, dw_index, 0xF, value, type1)
                 : make_cfg_read(cfg_.requester_id, tag, rid, dw_index, 0xF, type1);
}

// Inline into b_transport: every LT config TLP of one DW comes this way. The
// request is built in the LT payload's TLP, where the link and the endpoint
// read it and the completion comes back; the usual answer (a matching SC
// completion) ends here, everything else in lt_one_dw_unusual().
[[gnu::always_inline]] inline void root_complex::lt_one_dw(tlm::tlm_generic_payload& gp,
                                                           sc_core::sc_time& delay) {
    const uint64_t addr = gp.get_address();
    const routing_id rid = ecam::rid_of(addr);
    const auto dw_index = static_cast<uint16_t>(ecam::offset_of(addr) / 4);
    const route where = port_.route_of(rid);
    if (where != route::type0 && where != route::type1) {
        lt_one_dw_local(gp, where, dw_index, delay);
        return;
    }
    const bool write = gp.get_command() == tlm::TLM_WRITE_COMMAND;
    uint32_t value = 0;
    if (write) {
        std::memcpy(&value, gp.get_data_ptr(), 4); // the model runs on little-endian hosts (x86-64)
    }
    const bool type1 = where == route::type1;
    const uint64_t ids = ids_word(cfg_.requester_id, advance_tag(), rid);
    tlp& t = lt_ext_.value;
    put_one_dw_request(t, ids, write, type1, dw_index, value);
    ++tlps_sent_;
    const bool answered = carry_lt(t, delay);
    // Past the call, what the hot path needs is read again from `gp` rather
    // than kept across it (fewer registers saved and restored).
    if (answered && completes_one_dw(t, ids)) {
        if (gp.get_command() != tlm::TLM_WRITE_COMMAND) {
            std::memcpy(gp.get_data_ptr(), &t.data, 4);
        }
        gp.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
    }
    lt_one_dw_unusual(gp, ids, type1, answered ? &t : nullptr, delay);
}

// One whole DW the root port answers itself (its own registers), or UR
// without a TLP.
void root_complex::lt_one_dw_local(tlm::tlm_generic_payload& gp, route where, uint16_t dw_index,
                                   sc_core::sc_time& delay) {
    const bool write = gp.get_command() == tlm::TLM_WRITE_COMMAND;
    unsigned char* data = gp.get_data_ptr();
    if (where == route::unsupported) {
        if (!write) {
            fill_failed_read(data, 0, 4, [](unsigned) { return true; });
        }
        gp.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
        return;
    }
    uint32_t value = 0;
    if (write) {
        std::memcpy(&value, data, 4);
    }
    value = access_root_port(write, dw_index, 0xF, value, delay);
    if (!write) {
        std::memcpy(data, &value, 4);
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

// One whole DW of `gp` sent with `ids` (ids_word: its tag) whose answer `cpl`
// (nullptr: timed out) is not a matching SC completion: CRS retried, a
// mismatch or a timeout resolved as issue() does, then the data or all-ones
// and the response.
void root_complex::lt_one_dw_unusual(tlm::tlm_generic_payload& gp, uint64_t ids, bool type1,
                                     tlp* cpl, sc_core::sc_time& delay) {
    const uint64_t addr = gp.get_address();
    const bool write = gp.get_command() == tlm::TLM_WRITE_COMMAND;
    uint32_t value = 0;
    if (write) {
        std::memcpy(&value, gp.get_data_ptr(), 4);
    }
    const auto tag = static_cast<uint16_t>(ids >> 32);
    const tlp request = one_dw_request(ecam::rid_of(addr), type1, write,
                                       static_cast<uint16_t>(ecam::offset_of(addr) / 4), value, 0);
    if (cpl == nullptr || !answers(*cpl, request, tag) ||
        cpl->status == completion_status::config_request_retry) {
        cpl = resolve(request, tag, cpl, delay, discarded_counts_);
    }
    const bool ok = cpl != nullptr && cpl->status == completion_status::successful;
    if (!write && ok) {
        std::memcpy(gp.get_data_ptr(), &cpl->data, 4);
    } else if (!write) {
        fill_failed_read(gp.get_data_ptr(), 0, 4, [](unsigned) { return true; });
    }
    gp.set_response_status(ok ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE);
}

void root_complex::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    // LT with no extension alive (then none on `gp` either, and no library
    // call per TLP): one test on the hot path.
    static_assert(static_cast<unsigned>(coding_style::lt) == 0);
    if ((config_access_extension::alive() | static_cast<unsigned>(cfg_.mode)) != 0) {
        auto* ext = config_access_extension::alive() != 0
                        ? gp.get_extension<config_access_extension>()
                        : nullptr;
        if (ext != nullptr || cfg_.mode != coding_style::lt) {
            access(gp, delay, ext != nullptr ? &ext->result : nullptr);
            return;
        }
    }
    if (one_whole_dw(gp)) {
        // Hot path: one aligned DW, every byte enabled, nobody asking for
        // details; access() would split it into this one DW.
        lt_one_dw(gp, delay);
        return;
    }
    access(gp, delay, nullptr);
}

// What access() refuses without a TLP: a command other than read or write,
// an access outside one function's 4 KiB (written so that no length can wrap
// it), no buffer, a streaming width shorter than the data. Sets the response.
bool root_complex::admissible(tlm::tlm_generic_payload& gp, config_access_result* info) {
    const tlm::tlm_command cmd = gp.get_command();
    if (cmd != tlm::TLM_READ_COMMAND && cmd != tlm::TLM_WRITE_COMMAND) {
        respond(gp, info, tlm::TLM_COMMAND_ERROR_RESPONSE);
        return false;
    }
    const uint64_t addr = gp.get_address();
    const unsigned length = gp.get_data_length();
    const uint16_t offset = ecam::offset_of(addr);
    if (length == 0 || addr >> 28 != 0 || length > 4096u - offset || gp.get_data_ptr() == nullptr ||
        gp.get_streaming_width() < length) {
        respond(gp, info, tlm::TLM_ADDRESS_ERROR_RESPONSE);
        return false;
    }
    return true;
}

// The start of one DW of an access: false when nothing routes it (the root
// port answers UR itself, nothing is sent) and the access ends there.
bool root_complex::routed(const ecam::dw_chunk& c, route where, config_access_result& r) {
    r.failed_offset = static_cast<uint16_t>(c.dw_index * 4);
    if (where == route::unsupported) {
        r.failed = true;
        r.failed_status = completion_status::unsupported_request;
        return false;
    }
    return true;
}

// The request TLP for one DW of an access to `rid` routed `where` on the link.
tlp root_complex::request_for(routing_id rid, route where, bool write, const ecam::dw_chunk& c,
                              const unsigned char* data) const {
    const bool type1 = where == route::type1;
    return write ? make_cfg_write(cfg_.requester_id, 0, rid, c.dw_index, c.byte_enable,
                                  gather_dw(c, data), type1)
                 : make_cfg_read(cfg_.requester_id, 0, rid, c.dw_index, c.byte_enable, type1);
}

// The answer to one DW (`cpl`; nullptr: timed out) into `r` and, for a
// read, the caller's buffer. False when the DW failed: the access ends there.
bool root_complex::take_answer(const tlp* cpl, const ecam::dw_chunk& c, bool write,
                               unsigned char* data, config_access_result& r) {
    if (cpl == nullptr || cpl->status != completion_status::successful) {
        r.failed = true;
        r.timed_out = cpl == nullptr;
        r.failed_status = cpl == nullptr ? completion_status::successful : cpl->status;
        return false;
    }
    if (!write) {
        scatter_dw(c, cpl->data, data);
    }
    ++r.dws_completed;
    return true;
}

// The end of an admitted access: failed bytes of a read all-ones, the
// response, the latency since `start` (when details were asked for).
void root_complex::conclude(tlm::tlm_generic_payload& gp, config_access_result& r,
                            config_access_result* info, const sc_core::sc_time& start,
                            const sc_core::sc_time& delay) {
    const bool write = gp.get_command() == tlm::TLM_WRITE_COMMAND;
    const uint16_t offset = ecam::offset_of(gp.get_address());
    if (!r.failed) {
        r.failed_offset = 0;
    } else if (!write) {
        fill_failed_read(gp.get_data_ptr(),
                         static_cast<int>(r.failed_offset) - static_cast<int>(offset),
                         gp.get_data_length(), enables_of(gp));
    }
    respond(gp, info, r.failed ? tlm::TLM_GENERIC_ERROR_RESPONSE : tlm::TLM_OK_RESPONSE);
    if (info != nullptr) {
        info->latency_ps = time_to_ps(sc_core::sc_time_stamp() + delay - start);
    }
}

void root_complex::access(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay,
                          config_access_result* info) {
    if (info != nullptr) {
        *info = config_access_result{}; // nothing stale, even for a refused access
    }
    if (!admissible(gp, info)) {
        return;
    }
    if (cfg_.mode == coding_style::at && delay != sc_core::SC_ZERO_TIME) {
        // AT runs on the simulated time axis: catch up with the initiator's
        // local time first (a zero delay needs no wait, not even a delta).
        wait(delay);
        delay = sc_core::SC_ZERO_TIME;
    }
    config_access_result local; // the counts when nobody asked for them
    config_access_result& r = info != nullptr ? *info : local;
    sc_core::sc_time start;
    if (info != nullptr) {
        start = now() + delay;
    }
    const uint64_t addr = gp.get_address();
    const routing_id rid = ecam::rid_of(addr);
    const route where = port_.route_of(rid); // only the port's own registers change it
    const bool write = gp.get_command() == tlm::TLM_WRITE_COMMAND;
    unsigned char* data = gp.get_data_ptr();
    // One DW-aligned TLP per DW touched, with the First DW BE of its enabled
    // bytes, in address order; the first DW that fails ends the access.
    ecam::for_each_dw(
        ecam::offset_of(addr), gp.get_data_length(), enables_of(gp), [&](const ecam::dw_chunk& c) {
            if (!routed(c, where, r)) {
                return false;
            }
            if (where == route::root_port) {
                const uint32_t v = access_root_port(write, c.dw_index, c.byte_enable,
                                                    write ? gather_dw(c, data) : 0u, delay);
                if (!write) {
                    scatter_dw(c, v, data);
                }
                ++r.dws_completed;
                return true;
            }
            const tlp* cpl = issue(request_for(rid, where, write, c, data), delay, r);
            return take_answer(cpl, c, write, data, r);
        });
    conclude(gp, r, info, start, delay);
}

tlm::tlm_sync_enum root_complex::nb_transport_fw(tlm::tlm_generic_payload& gp, tlm::tlm_phase&,
                                                 sc_core::sc_time&) {
    // docs/interfaces.md: initiators use b_transport; in AT the root complex
    // runs the 4-phase protocol itself on the link.
    SC_REPORT_ERROR(msg_type, "nb_transport_fw on the ecam socket: use b_transport, or bind "
                              "an nb_transport initiator to ecam_nb");
    gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
    return tlm::TLM_COMPLETED;
}

unsigned root_complex::transport_dbg(tlm::tlm_generic_payload&) {
    return 0; // config space has no backdoor through the RC: use sriov_device::peek_dw
}

} // namespace sriov::root_complex
