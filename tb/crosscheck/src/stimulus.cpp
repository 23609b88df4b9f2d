#include "sriov/crosscheck/stimulus.h"

#include "sriov/config/register_file.h"
#include "sriov/pcie/registers.h"

#include <algorithm>
#include <set>
#include <vector>

namespace sriov::crosscheck {

uint64_t rng::next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

const char* to_string(sequence_kind k) {
    switch (k) {
    case sequence_kind::registers:
        return "registers";
    case sequence_kind::sriov:
        return "sriov";
    case sequence_kind::random:
        return "random";
    case sequence_kind::pfs:
        return "pfs";
    }
    return "?";
}

bool parse_sequence(const std::string& s, sequence_kind& out) {
    for (const auto k : {sequence_kind::registers, sequence_kind::sriov, sequence_kind::random,
                         sequence_kind::pfs}) {
        if (s == to_string(k)) {
            out = k;
            return true;
        }
    }
    return false;
}

namespace {

constexpr routing_id requester{0x0000};

// The DW number (a TLP's Register Number) of a byte offset.
constexpr uint16_t dw_of(uint16_t offset) {
    return static_cast<uint16_t>(offset / 4);
}
constexpr uint16_t id_dw = dw_of(reg::vendor_id);    // Vendor ID, Device ID
constexpr uint16_t command_dw = dw_of(reg::command); // Command, Status
constexpr uint16_t config_dws = dw_of(reg::config_space_size);
constexpr uint16_t last_dw = config_dws - 1;
constexpr uint16_t ext_first_dw = dw_of(reg::ext_cap_start);

// A partial walk covers this many DWs at the start of the PCI-compatible space
// and at the start of the extended space (where most devices put their
// capabilities), plus every DW that holds a register of the PF's or the VFs'
// layout wherever it is (partial_walk below).
constexpr uint16_t partial_walk_dws = 48;

bool near_the_start(uint16_t dw) {
    return dw < partial_walk_dws || (dw >= ext_first_dw && dw < ext_first_dw + partial_walk_dws);
}

// The DWs a partial walk of PF 0's functions visits, in order.
std::vector<uint16_t> partial_walk(const config::sriov_device& dev) {
    std::vector<bool> in(config_dws, false);
    for (uint16_t dw = 0; dw < config_dws; ++dw) {
        in[dw] = near_the_start(dw);
    }
    for (const config::register_layout* l : {&dev.pf_layout(), &dev.vf_layout()}) {
        for (const auto& x : l->registers()) {
            in[dw_of(x.offset)] = true;
        }
    }
    std::vector<uint16_t> dws;
    for (uint16_t dw = 0; dw < config_dws; ++dw) {
        if (in[dw]) {
            dws.push_back(dw);
        }
    }
    return dws;
}

// Helpers shared by the sequences: byte-offset reads/writes of one DW.
class driver {
public:
    // The capability offsets come from the model's layout (PF 0 and its VFs).
    driver(tlp_host& host, const config::sriov_device& dev)
        : host_(host), dev_(dev),
          sriov_cap_(dev.pf_layout().capability_offset(config::capability_kind::sriov)),
          pf_pcie_(dev.pf_layout().capability_offset(config::capability_kind::pcie)),
          vf_pcie_(dev.vf_layout().capability_offset(config::capability_kind::pcie)),
          partial_(partial_walk(dev)) {}
    // A register of the PF's SR-IOV capability; Device Control of `fn`.
    uint16_t sriov(uint16_t field) const { return static_cast<uint16_t>(sriov_cap_ + field); }
    uint16_t ctrl_dw() const { return dw_of(sriov(sriov_field::ctrl)); }
    uint16_t page_size_dw() const { return dw_of(sriov(sriov_field::system_page_size)); }
    uint16_t dev_ctrl(routing_id fn) const {
        return static_cast<uint16_t>((fn == pf() ? pf_pcie_ : vf_pcie_) + pcie_field::dev_ctrl);
    }

    tlp rd(routing_id fn, uint16_t dw, uint8_t be = 0xF, bool type1 = false) {
        ++sent_;
        return host_.send(make_cfg_read(requester, tag(), fn, dw, be, type1));
    }
    tlp wr(routing_id fn, uint16_t dw, uint32_t data, uint8_t be = 0xF, bool type1 = false) {
        if (be == 0) {
            // A CfgWr with First DW BE 0 is malformed (the endpoint drops it
            // without a completion): send the zero-length access as a read.
            return rd(fn, dw, 0, type1);
        }
        ++sent_;
        return host_.send(make_cfg_write(requester, tag(), fn, dw, be, data, type1));
    }
    // Writes a register at a byte offset (width 1, 2 or 4, inside one DW).
    tlp wr_reg(routing_id fn, uint16_t off, unsigned width, uint32_t value) {
        const unsigned sh = off & 3u;
        const auto be = static_cast<uint8_t>(((1u << width) - 1u) << sh);
        return wr(fn, dw_of(off), value << (8 * sh), be);
    }
    tlp rd_reg(routing_id fn, uint16_t off, unsigned width) {
        const unsigned sh = off & 3u;
        return rd(fn, dw_of(off), static_cast<uint8_t>(((1u << width) - 1u) << sh));
    }
    // Lets time pass until `fn` answers without CRS (if it exists).
    void wait_ready(routing_id fn) {
        const uint64_t at = dev_.ready_at_ns(fn);
        if (at > host_.now_ns()) {
            host_.advance_ns(at - host_.now_ns());
        }
    }
    void wait_all_ready() {
        wait_ready(dev_.pf_rid());
        for (uint16_t k = 0; k < dev_.active_vfs(); ++k) {
            wait_ready(dev_.vf_rid(k));
        }
    }
    // After a write to `fn` when every function was ready before it: a VF's
    // write opens at most its own window (its FLR), a PF's any of them. (One
    // VF instead of all of them: a walk of one of 32448 VFs would otherwise
    // ask every VF after each of its writes.)
    void wait_after_write(routing_id fn) {
        if (fn == pf()) {
            wait_all_ready();
        } else {
            wait_ready(fn);
        }
    }
    routing_id pf() const { return dev_.pf_rid(); }
    routing_id vf(uint16_t k) const {
        // VF k's routing ID from the PF's current First VF Offset / VF Stride
        // (also for VFs that do not exist: those must answer UR).
        return routing_id(static_cast<uint16_t>(dev_.pf_rid().value + dev_.first_vf_offset() +
                                                k * dev_.vf_stride()));
    }
    void enable_vfs(uint16_t n, bool ari = true, bool mse = true, bool wait = true) {
        wr_reg(pf(), sriov(sriov_field::ctrl), 2, ari ? bits::sriov_ctrl_ari_capable : 0);
        wr_reg(pf(), sriov(sriov_field::num_vfs), 2, n);
        uint32_t ctrl = bits::sriov_ctrl_vf_enable;
        ctrl |= ari ? bits::sriov_ctrl_ari_capable : 0;
        ctrl |= mse ? bits::sriov_ctrl_vf_mse : 0;
        wr_reg(pf(), sriov(sriov_field::ctrl), 2, ctrl);
        if (wait) {
            wait_all_ready();
        }
    }
    void disable_vfs() { wr_reg(pf(), sriov(sriov_field::ctrl), 2, 0); }
    uint64_t sent() const { return sent_; }
    // The DWs of a partial walk (partial_walk()).
    const std::vector<uint16_t>& partial_dws() const { return partial_; }
    tlp_host& host() { return host_; }
    const config::sriov_device& dev() const { return dev_; }

private:
    uint16_t tag() { return static_cast<uint16_t>(tag_++ & 0xFF); }

    tlp_host& host_;
    const config::sriov_device& dev_;
    uint16_t sriov_cap_;
    uint16_t pf_pcie_;
    uint16_t vf_pcie_;
    std::vector<uint16_t> partial_;
    uint64_t sent_ = 0;
    unsigned tag_ = 0;
};

// One DW of a function: read; write all-ones and zeros with all bytes and
// with each byte lane; read after each. Waits out any readiness window a write
// opened (FLR, VF Enable) so the following reads compare data.
void walk_dw(driver& d, routing_id fn, uint16_t dw) {
    d.rd(fn, dw);
    for (const uint32_t v : {0xFFFFFFFFu, 0x0u, 0xA5A5A5A5u, 0x5A5A5A5Au}) {
        d.wr(fn, dw, v);
        d.wait_after_write(fn);
        d.rd(fn, dw);
    }
    for (unsigned lane = 0; lane < 4; ++lane) {
        const auto be = static_cast<uint8_t>(1u << lane);
        d.wr(fn, dw, 0xFFFFFFFFu, be);
        d.wait_after_write(fn);
        d.rd(fn, dw, be);
        d.rd(fn, dw);
        d.wr(fn, dw, 0, be);
        d.wait_after_write(fn);
    }
    for (const uint8_t be : {0x3, 0x6, 0xC, 0x7, 0xE, 0x5, 0xA, 0x9, 0x0}) {
        d.wr(fn, dw, 0xFFFFFFFFu, be);
        d.wait_after_write(fn);
        d.rd(fn, dw, be);
        d.wr(fn, dw, 0, be);
        d.wait_after_write(fn);
    }
}

// walk_dw() on every DW of one function, or on a partial walk's.
void walk_function(driver& d, routing_id fn, bool all_dws) {
    std::vector<uint16_t> all;
    if (all_dws) {
        for (uint16_t dw = 0; dw < config_dws; ++dw) {
            all.push_back(dw);
        }
    }
    for (const uint16_t dw : all_dws ? all : d.partial_dws()) {
        if (!d.dev().function_exists(fn)) {
            return; // a PF FLR removed this VF
        }
        walk_dw(d, fn, dw);
    }
}

uint64_t seq_registers(driver& d) {
    tlp_host& h = d.host();
    d.rd(d.pf(), id_dw); // inside the reset window: CRS
    d.wait_ready(d.pf());
    walk_function(d, d.pf(), true);
    h.checkpoint();
    // The walk may have left anything anywhere: start the VF part from reset.
    h.reset();
    d.wait_ready(d.pf());
    const uint16_t total = d.dev().profile().pfs[0].total_vfs;
    d.enable_vfs(total);
    h.checkpoint();
    for (const uint16_t k :
         {uint16_t{0}, static_cast<uint16_t>(total / 2), static_cast<uint16_t>(total - 1)}) {
        walk_function(d, d.vf(k), k == 0);
    }
    h.checkpoint();
    return d.sent();
}

// ---------------------------------------------------------------- sriov
// The SR-IOV bring-up stage by stage, each stage from the state the one
// before left.

// Reads a VF BAR's size mask: all-ones, read back, restore.
void size_vf_bars(driver& d) {
    for (unsigned n = 0; n < 6; ++n) {
        const uint16_t dw = dw_of(d.sriov(sriov_field::vf_bar(n)));
        d.rd(d.pf(), dw);
        d.wr(d.pf(), dw, 0xFFFFFFFFu);
        d.rd(d.pf(), dw);
        d.wr(d.pf(), dw, 0x12345000u);
        d.rd(d.pf(), dw);
    }
}

// Readiness after reset: CRS, then ready.
void wait_out_reset(driver& d) {
    const routing_id pf = d.pf();
    d.rd(pf, id_dw);
    d.rd(pf, d.ctrl_dw());
    d.host().advance_ns(d.dev().profile().reset_ready_ns / 2);
    d.rd(pf, id_dw);
    d.wait_ready(pf);
    d.rd(pf, id_dw);
}

// Absent VFs before VF Enable; every SR-IOV register.
void discover_capability(driver& d) {
    for (uint16_t k = 0; k < 4; ++k) {
        d.rd(d.vf(k), id_dw);
        d.wr(d.vf(k), command_dw, bits::command_bus_master);
    }
    const uint16_t first = dw_of(d.sriov(sriov_field::header));
    for (uint16_t dw = first; dw < dw_of(d.sriov(sriov_field::size)); ++dw) {
        d.rd(d.pf(), dw);
    }
}

// NumVFs > TotalVFs: VF Enable must not take effect.
void set_num_vfs(driver& d) {
    const routing_id pf = d.pf();
    const uint16_t total = d.dev().profile().pfs[0].total_vfs;
    for (const uint32_t n : {uint32_t{total} + 1u, 0xFFFFu, uint32_t{total}, 0u}) {
        d.wr_reg(pf, d.sriov(sriov_field::num_vfs), 2, n);
        d.rd_reg(pf, d.sriov(sriov_field::num_vfs), 2);
        d.wr_reg(pf, d.sriov(sriov_field::ctrl), 2, bits::sriov_ctrl_vf_enable);
        d.rd(pf, d.ctrl_dw());
        d.rd(d.vf(0), id_dw);
        d.wr_reg(pf, d.sriov(sriov_field::num_vfs), 2, 3); // locked while VF Enable is 1
        d.rd_reg(pf, d.sriov(sriov_field::num_vfs), 2);
        d.disable_vfs();
    }
    // ARI Capable Hierarchy, offset and stride with every NumVFs class.
    for (const bool ari : {false, true}) {
        for (const uint32_t n : {0u, 1u, 2u, 7u, uint32_t{total}}) {
            d.wr_reg(pf, d.sriov(sriov_field::ctrl), 2, ari ? bits::sriov_ctrl_ari_capable : 0);
            d.wr_reg(pf, d.sriov(sriov_field::num_vfs), 2, n);
            d.rd(pf, dw_of(d.sriov(sriov_field::vf_offset)));
        }
    }
}

// System Page Size: every single bit, zero, several bits; VF BARs follow it.
void set_system_page_size(driver& d) {
    const routing_id pf = d.pf();
    for (unsigned b = 0; b <= 32; ++b) {
        const uint32_t v = b == 32 ? 0u : (1u << b);
        d.wr(pf, d.page_size_dw(), v);
        d.rd(pf, d.page_size_dw());
        size_vf_bars(d);
    }
    d.wr(pf, d.page_size_dw(), 0x3);
    d.rd(pf, d.page_size_dw());
    d.wr(pf, d.page_size_dw(), 0x1);
    size_vf_bars(d);
    // Page size locked while VFs are enabled? Both models decide; compare.
    d.enable_vfs(4);
    d.wr(pf, d.page_size_dw(), 0x2);
    d.rd(pf, d.page_size_dw());
    size_vf_bars(d);
}

// VF accesses while ready / during the VF Enable window.
void set_vf_enable(driver& d) {
    const routing_id pf = d.pf();
    d.disable_vfs();
    d.wr_reg(pf, d.sriov(sriov_field::num_vfs), 2, 8);
    d.wr_reg(pf, d.sriov(sriov_field::ctrl), 2,
             bits::sriov_ctrl_vf_enable | bits::sriov_ctrl_ari_capable);
    for (uint16_t k = 0; k < 10; ++k) {
        d.rd(d.vf(k), id_dw);
    }
    d.wait_all_ready();
    for (uint16_t k = 0; k < 10; ++k) { // VFs 8 and 9 are absent: UR
        for (uint16_t dw = 0; dw < partial_walk_dws; ++dw) {
            d.rd(d.vf(k), dw);
        }
        d.wr(d.vf(k), command_dw, 0xFFFF);
        d.rd(d.vf(k), command_dw);
    }
    d.host().checkpoint();
}

// VF MSE, migration bits, VF FLR (only that VF), PF FLR (all VFs go).
void flr_vf_and_pf(driver& d) {
    const routing_id pf = d.pf();
    d.wr_reg(pf, d.sriov(sriov_field::ctrl), 2, 0xFFFF);
    d.rd(pf, d.ctrl_dw());
    d.wr_reg(d.vf(3), d.dev_ctrl(d.vf(3)), 2, bits::dev_ctrl_initiate_flr);
    d.rd(d.vf(3), command_dw);
    d.rd(d.vf(4), command_dw);
    d.wait_all_ready();
    d.rd(d.vf(3), command_dw);
    d.host().checkpoint();
    d.wr_reg(pf, d.dev_ctrl(pf), 2, bits::dev_ctrl_initiate_flr);
    d.rd(pf, id_dw);
    d.rd(d.vf(0), id_dw);
    d.wait_ready(pf);
    d.rd(pf, d.ctrl_dw());
    d.rd(d.vf(0), id_dw);
}

// Re-enabled, then past the end: routing IDs beyond the last VF, other buses,
// the last DW; Type 1 requests are UR at the endpoint.
void access_beyond_the_vfs(driver& d) {
    const routing_id pf = d.pf();
    const uint16_t total = d.dev().profile().pfs[0].total_vfs;
    d.enable_vfs(total);
    for (const uint16_t k : {total, static_cast<uint16_t>(total + 1), uint16_t{0x7FFF}}) {
        d.rd(d.vf(k), id_dw);
    }
    for (const uint16_t rid : {uint16_t{0x0101}, uint16_t{0x0000}, uint16_t{0xFFFF},
                               uint16_t{0x0200}, uint16_t{0x0281}}) {
        d.rd(routing_id(rid), id_dw);
        d.wr(routing_id(rid), command_dw, bits::command_mem | bits::command_bus_master);
    }
    for (const uint8_t be : {0x1, 0x8, 0xF}) {
        d.rd(pf, last_dw, be);
        d.rd(d.vf(total - 1), last_dw, be);
        d.wr(pf, last_dw, 0xFFFFFFFFu, be);
    }
    d.rd(pf, id_dw, 0xF, true);
    d.wr(pf, command_dw, bits::command_mem | bits::command_bus_master, 0xF, true);
    d.host().checkpoint();
}

// Conventional reset in the middle of everything.
void reset_conventionally(driver& d) {
    d.host().reset();
    d.rd(d.pf(), id_dw);
    d.rd(d.vf(0), id_dw);
    d.wait_ready(d.pf());
    d.rd(d.pf(), d.ctrl_dw());
    d.host().checkpoint();
}

uint64_t seq_sriov(driver& d) {
    wait_out_reset(d);
    discover_capability(d);
    set_num_vfs(d);
    set_system_page_size(d);
    set_vf_enable(d);
    flr_vf_and_pf(d);
    access_beyond_the_vfs(d);
    reset_conventionally(d);
    return d.sent();
}

// ---------------------------------------------------------------- random

struct random_gen {
    driver& d;
    rng r;
    std::vector<uint16_t> pf_dws;
    std::vector<uint16_t> vf_dws;

    random_gen(driver& drv, uint64_t seed) : d(drv), r(seed) {
        std::set<uint16_t> p;
        std::set<uint16_t> v;
        for (const auto& x : d.dev().pf_layout().registers()) {
            p.insert(dw_of(x.offset));
        }
        for (const auto& x : d.dev().vf_layout().registers()) {
            v.insert(dw_of(x.offset));
        }
        pf_dws.assign(p.begin(), p.end());
        vf_dws.assign(v.begin(), v.end());
    }

    uint8_t be() {
        switch (r.below(8)) {
        case 0:
        case 1:
        case 2:
            return 0xF;
        case 3:
            return static_cast<uint8_t>(1u << r.below(4)); // 1 byte, any alignment
        case 4:
            return static_cast<uint8_t>(3u << (2 * r.below(2))); // 2 bytes, aligned
        case 5:
            return static_cast<uint8_t>(3u << r.below(3)); // 2 bytes, any offset in the DW
        case 6:
            return static_cast<uint8_t>(7u << r.below(2)); // 3 bytes
        default:
            return static_cast<uint8_t>(r.below(16)); // anything, holes and 0 included
        }
    }
    uint32_t data() {
        switch (r.below(10)) {
        case 0:
        case 1:
        case 2:
            return 0xFFFFFFFFu;
        case 3:
            return 0;
        default:
            return static_cast<uint32_t>(r.next());
        }
    }
    uint16_t dw(const std::vector<uint16_t>& interesting) {
        return r.below(10) < 7 ? interesting[r.below(interesting.size())]
                               : static_cast<uint16_t>(r.below(config_dws));
    }
    uint64_t gap() {
        const auto& p = d.dev().profile();
        const uint64_t w = std::max<uint64_t>(
            1, std::min({p.reset_ready_ns, p.vf_enable_ready_ns, p.flr_ready_ns}));
        const uint64_t x = r.below(100);
        if (x < 70) {
            return r.below(40);
        }
        if (x < 97) {
            return r.below(w / 4 + 1);
        }
        return w + r.below(w);
    }
    void access(routing_id fn, const std::vector<uint16_t>& dws) {
        if (r.below(2) == 0) {
            d.rd(fn, dw(dws), be());
        } else {
            uint8_t b = be();
            uint16_t x = dw(dws);
            uint32_t v = data();
            if (x == dw_of(d.dev_ctrl(fn)) && (b & 0x2) != 0 && r.below(10) != 0) {
                v &= ~(uint32_t{bits::dev_ctrl_initiate_flr}); // FLRs are rarer than writes there
            }
            d.wr(fn, x, v, b);
            if (r.below(2) == 0) {
                d.rd(fn, x); // read back half of the writes at once
            }
        }
    }
    routing_id some_vf() {
        const uint16_t active = d.dev().active_vfs();
        const uint16_t total = d.dev().profile().pfs[0].total_vfs;
        if (active > 0 && r.below(10) < 8) {
            return d.vf(static_cast<uint16_t>(r.below(active)));
        }
        return d.vf(static_cast<uint16_t>(r.below(total + 4u)));
    }

    void step() {
        const routing_id pf = d.pf();
        const uint16_t total = d.dev().profile().pfs[0].total_vfs;
        const uint64_t x = r.below(1000);
        if (x < 350) {
            access(pf, pf_dws);
        } else if (x < 680) {
            access(some_vf(), vf_dws);
        } else if (x < 720) { // absent functions: beyond the VFs, other devices/buses
            const uint16_t rid = r.below(2) == 0 ? static_cast<uint16_t>(r.next())
                                                 : static_cast<uint16_t>(pf.value + r.below(0x400));
            access(routing_id(rid), pf_dws);
        } else if (x < 730) { // Type 1
            if (r.below(2) == 0) {
                d.rd(pf, static_cast<uint16_t>(r.below(config_dws)), be(), true);
            } else {
                d.wr(pf, static_cast<uint16_t>(r.below(config_dws)), data(), 0xF, true);
            }
        } else if (x < 800) { // NumVFs
            static constexpr uint32_t extra[] = {0xFFFF, 0x8000, 0x100};
            const uint32_t n =
                r.below(4) == 0 ? extra[r.below(3)] : static_cast<uint32_t>(r.below(total + 3u));
            d.wr_reg(pf, d.sriov(sriov_field::num_vfs), 2, n);
            if (r.below(2) == 0) {
                d.rd_reg(pf, d.sriov(sriov_field::num_vfs), 2);
            }
        } else if (x < 880) { // SR-IOV Control: VF Enable on/off, MSE, ARI, migration
            uint32_t c = static_cast<uint32_t>(r.next()) & 0x3E;
            // Mostly keep VF Enable as it is, so VFs live long enough to be used.
            const bool en = d.dev().vf_enable();
            c |= (r.below(100) < 85 ? en : !en) ? bits::sriov_ctrl_vf_enable : 0u;
            if (r.below(3) == 0) {
                c |= static_cast<uint32_t>(r.next()) & 0xFFC0;
            }
            d.wr_reg(pf, d.sriov(sriov_field::ctrl), r.below(4) == 0 ? 1 : 2, c);
            d.rd(pf, d.ctrl_dw());
        } else if (x < 910) { // System Page Size
            uint32_t v = r.below(3) == 0 ? static_cast<uint32_t>(r.next()) : 1u << r.below(32);
            if (r.below(3) == 0) {
                v = 1u << (2 * r.below(6)); // a supported one (0x553)
            }
            d.wr(pf, d.page_size_dw(), v, be());
            d.rd(pf, d.page_size_dw());
        } else if (x < 960) { // VF BAR sizing
            const uint16_t bar =
                dw_of(d.sriov(sriov_field::vf_bar(static_cast<unsigned>(r.below(6)))));
            d.wr(pf, bar, r.below(2) == 0 ? 0xFFFFFFFFu : data(), be());
            d.rd(pf, bar);
        } else if (x < 975) { // VF FLR
            const routing_id vf = some_vf();
            d.wr_reg(vf, d.dev_ctrl(vf), 2,
                     bits::dev_ctrl_initiate_flr | (static_cast<uint32_t>(r.next()) & 0x7FFF));
        } else if (x < 978) { // PF FLR
            d.wr_reg(pf, d.dev_ctrl(pf), 2, bits::dev_ctrl_initiate_flr);
        } else if (x < 979 && r.below(4) == 0) { // conventional reset
            d.host().reset();
        } else { // a clean enable, so VFs exist most of the time
            d.disable_vfs();
            // Half of the time the stream goes on inside the VF Enable window.
            d.enable_vfs(static_cast<uint16_t>(1 + r.below(total)), r.below(4) != 0,
                         r.below(2) == 0, r.below(2) == 0);
        }
        if (const uint64_t g = gap(); g != 0) {
            d.host().advance_ns(g);
        }
    }
};

uint64_t seq_random(driver& d, const stimulus_options& opt) {
    random_gen g(d, opt.seed);
    if (g.r.below(4) != 0) {
        d.wait_ready(d.pf()); // most seeds start after the reset window
    }
    uint64_t next_cp = opt.checkpoint_every;
    uint64_t swept_at = ~uint64_t{0}; // requests sent at the last checkpoint
    while (d.sent() < opt.tlps) {
        g.step();
        if (opt.checkpoint_every != 0 && d.sent() >= next_cp) {
            d.host().checkpoint();
            swept_at = d.sent();
            next_cp += opt.checkpoint_every;
        }
    }
    if (swept_at != d.sent()) { // not again right after the last periodic one
        d.host().checkpoint();
    }
    return d.sent();
}

} // namespace

uint64_t run_sequence(sequence_kind kind, tlp_host& host, const config::sriov_device& device,
                      const stimulus_options& opt) {
    driver d(host, device);
    switch (kind) {
    case sequence_kind::registers:
        return seq_registers(d);
    case sequence_kind::sriov:
        return seq_sriov(d);
    case sequence_kind::random:
        return seq_random(d, opt);
    case sequence_kind::pfs:
        return run_pfs_sequence(host, device);
    }
    return 0;
}

} // namespace sriov::crosscheck
