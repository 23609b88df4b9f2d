// PCIe SR-IOV configuration space of any device description: up to MAX_PFS
// PFs sharing a pool of MAX_VFS VFs, the read-only layout loaded at reset
// through a configuration port (docs/rtl-interface.md, "Configurable block").
//
// Like the attribute port of configurable PCIe IP (DesignWare DBI with its
// read-only write enable before link-up), the port writes, per PF and per
// function kind (PF, VF), a table of DW slots: each slot's DW number, reset
// value, RW, RW1C, FLR-keep and sticky masks, plus a few scalars (routing ID,
// VF pool base, ARI-dependent offset/stride, which VF BAR DWs are upper
// halves, the readiness windows, the response latency in clocks). Everything that happens on a request is
// hand-written here: routing to a PF or VF (First VF Offset / VF Stride /
// NumVFs / VF Enable as the registers hold them) or UR, CRS windows, RW/RW1C
// writes, SR-IOV Control (VF Enable needs NumVFs <= TotalVFs, ARI Capable
// Hierarchy locked while VF Enable is set, offset/stride follow the lowest
// PF's ARI bit), NumVFs and System Page Size locking, VF BAR re-masking, PF
// and VF FLR (keeping the FLR-keep bits), D3hot->D0 soft reset (keeping the
// sticky bits), D1/D2 PowerState refusal, and UR logging (Device Status,
// AER status, First Error Pointer and Header Log) in a one-PF device.
//
// Behaviour finds its registers at FIXED SLOTS: the loader puts the SR-IOV
// capability's Control DW in PF slot 0, NumVFs in slot 2, ... (SL_* below);
// a slot whose structure is absent is left invalid and never matches.
//
// Fault-injection defines (for proving the RTL/TLM cross-check can fail):
//   INJECT_FAULT_VF_CMD_MSE       VF Command Memory Space Enable becomes RW.
//   INJECT_FAULT_NUMVFS_UNLOCKED  NumVFs stays writable while VF Enable = 1.
//   INJECT_FAULT_EP_CYCLES        responds one clock later than the loaded latency.
//
// Written in the SystemVerilog subset yosys 0.23 reads (docs/synthesis.md):
// package items by qualified name, functions without `return`, one packed
// dimension per signal, tables as unpacked memories.
module sriov_cfg_port_space #(
    parameter int unsigned MAX_PFS   = 2,      // PFs (1..256)
    parameter int unsigned PF_SLOTS  = 128,    // DWs a PF image holds (>= PF_FIXED + 1)
    parameter int unsigned VF_SLOTS  = 64,     // DWs the VF image holds (>= VF_MUT)
    parameter int unsigned VF_MUT    = 16,     // of them, DWs each VF stores (slots 0..VF_MUT-1)
    parameter int unsigned MAX_VFS   = 256     // VF pool shared by the PFs (1..65536)
) (
    input  logic         clk,
    input  logic         rst_n,      // synchronous, active low: conventional reset
    input  logic [63:0]  now_ns,     // system time base

    // Configuration port: layout writes, taken only while rst_n is low
    input  logic         cfg_we,
    input  logic [3:0]   cfg_sel,    // table (CFG_* below)
    input  logic [19:0]  cfg_addr,   // {pf[19:12], slot or scalar index[11:0]}
    input  logic [31:0]  cfg_wdata,

    // Request channel
    input  logic         req_valid,
    output logic         req_ready,
    input  logic [15:0]  req_rid,
    input  logic [9:0]   req_dw,
    input  logic [3:0]   req_be,
    input  logic         req_write,
    input  logic [31:0]  req_wdata,
    input  logic [127:0] req_hdr,    // the request's TLP header as AER logs it (DW i at [32i +: 32])

    // Response channel
    output logic         rsp_valid,
    input  logic         rsp_ready,
    output logic [2:0]   rsp_status,
    output logic [31:0]  rsp_rdata,

    // Status of PF 0 for waveforms and the testbench
    output logic         vf_enable,
    output logic [15:0]  num_vfs,
    output logic         vf_mse,
    output logic [31:0]  system_page_size,
    output logic         busy,
    output logic [1:0]   state
);

  // ---------------------------------------------------------------------------
  // Elaboration checks
  // ---------------------------------------------------------------------------
  localparam int unsigned PF_FIXED = 25;  // fixed PF slots (SL_*)
  localparam int unsigned VF_FIXED = 3;   // fixed VF slots (SLV_*)
  if (MAX_PFS < 1 || MAX_PFS > 256 || MAX_VFS < 1 || MAX_VFS > 65536) begin : g_err_sizes
    $error("MAX_PFS must be 1..256 and MAX_VFS 1..65536");
  end
  if (PF_SLOTS <= PF_FIXED || VF_MUT < VF_FIXED || VF_SLOTS < VF_MUT) begin : g_err_slots
    $error("PF_SLOTS > 25, VF_MUT >= 3 and VF_SLOTS >= VF_MUT are required");
  end

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  localparam logic [2:0] CPL_SC  = sriov_cfg_pkg::CPL_SC;
  localparam logic [2:0] CPL_UR  = sriov_cfg_pkg::CPL_UR;
  localparam logic [2:0] CPL_CRS = sriov_cfg_pkg::CPL_CRS;
`ifdef INJECT_FAULT_EP_CYCLES
  localparam logic [15:0] EXTRA_CYCLES = 16'd1;  // FAULT: one clock more than loaded
`else
  localparam logic [15:0] EXTRA_CYCLES = 16'd0;
`endif
  localparam int unsigned PFW = (MAX_PFS > 1) ? $clog2(MAX_PFS) : 1;   // PF index
  localparam int unsigned VPW = (MAX_VFS > 1) ? $clog2(MAX_VFS) : 1;   // VF pool index
  localparam int unsigned PSW = $clog2(PF_SLOTS);                      // PF slot index
  localparam int unsigned VSW = (VF_SLOTS > 1) ? $clog2(VF_SLOTS) : 1; // VF slot index
  localparam int unsigned NPS = MAX_PFS * PF_SLOTS;
  localparam int unsigned NVS = MAX_PFS * VF_SLOTS;
  localparam int unsigned RW  = VF_MUT * 32;                           // one VF's stored DWs
  localparam int unsigned PRW = PF_SLOTS * 32;                         // one PF's DWs

`ifdef INJECT_FAULT_VF_CMD_MSE
  localparam bit VF_CMD_MSE_RW = 1'b1;     // FAULT: VF Command Memory Space Enable writable
`else
  localparam bit VF_CMD_MSE_RW = 1'b0;
`endif
`ifdef INJECT_FAULT_NUMVFS_UNLOCKED
  localparam bit NUMVFS_ALWAYS_RW = 1'b1;  // FAULT: NumVFs not locked by VF Enable
`else
  localparam bit NUMVFS_ALWAYS_RW = 1'b0;
`endif

  // Configuration port tables (cfg_sel)
  localparam logic [3:0] CFG_PF_DW = 4'd0, CFG_PF_RESET = 4'd1, CFG_PF_RW = 4'd2,
                         CFG_PF_RW1C = 4'd3, CFG_PF_KEEP = 4'd4, CFG_PF_STICKY = 4'd5,
                         CFG_VF_DW = 4'd6, CFG_VF_RESET = 4'd7, CFG_VF_RW = 4'd8,
                         CFG_VF_RW1C = 4'd9, CFG_VF_KEEP = 4'd10, CFG_VF_STICKY = 4'd11,
                         CFG_PF_SCALAR = 4'd12, CFG_DEV_SCALAR = 4'd13;

  // Fixed PF slots: the DWs behaviour reads or acts on.
  localparam int unsigned SL_IOV_CTL  = 0;   // SR-IOV Control/Status
  localparam int unsigned SL_IOV_VFS  = 1;   // InitialVFs/TotalVFs
  localparam int unsigned SL_IOV_NUM  = 2;   // NumVFs/Function Dependency Link
  localparam int unsigned SL_IOV_OFS  = 3;   // First VF Offset/VF Stride
  localparam int unsigned SL_IOV_SUP  = 4;   // Supported Page Sizes
  localparam int unsigned SL_IOV_PSZ  = 5;   // System Page Size
  localparam int unsigned SL_IOV_BAR0 = 6;   // VF BAR0..5: slots 6..11
  localparam int unsigned SL_DEVCAP   = 12;  // PCIe Device Capabilities
  localparam int unsigned SL_DEVCTL   = 13;  // PCIe Device Control/Status
  localparam int unsigned SL_PMC      = 14;  // PM header + PMC
  localparam int unsigned SL_PMCSR    = 15;  // PMCSR
  localparam int unsigned SL_AER_UST  = 16;  // AER Uncorrectable Error Status
  localparam int unsigned SL_AER_UMSK = 17;  // ... Mask
  localparam int unsigned SL_AER_USEV = 18;  // ... Severity
  localparam int unsigned SL_AER_CST  = 19;  // AER Correctable Error Status
  localparam int unsigned SL_AER_CTL  = 20;  // AER Capabilities and Control
  localparam int unsigned SL_AER_HDR0 = 21;  // Header Log: slots 21..24
  // Fixed VF slots (all inside the per-VF stored part)
  localparam int unsigned SLV_DEVCTL  = 0;
  localparam int unsigned SLV_PMC     = 1;
  localparam int unsigned SLV_PMCSR   = 2;

  // Bits the behaviour uses (docs/config-space-map.md)
  localparam int unsigned UR_BIT = 20;                        // AER Unsupported Request
  localparam logic [31:0] DEFAULT_SEVERITY = 32'h0046_2030;   // AER severity reset value
  localparam logic [31:0] COR_ADVISORY = 32'h0000_2000;       // Advisory Non-Fatal
  localparam logic [31:0] AER_FEP = 32'h0000_001F;            // First Error Pointer

  // ---------------------------------------------------------------------------
  // Helpers
  // ---------------------------------------------------------------------------
  function automatic logic [31:0] be_to_mask(logic [3:0] be);
    be_to_mask = {{8{be[3]}}, {8{be[2]}}, {8{be[1]}}, {8{be[0]}}};
  endfunction

  // RW bits of enabled bytes take the data, RW1C bits clear where it has a 1.
  function automatic logic [31:0] written(logic [31:0] old, logic [31:0] data,
                                          logic [31:0] rw, logic [31:0] w1c, logic [31:0] bem);
    written = ((old & ~(rw & bem)) | (data & rw & bem)) & ~(w1c & bem & data);
  endfunction

  // Reset value except the `keep` bits, which keep `value`.
  function automatic logic [31:0] keep_merge(logic [31:0] rst, logic [31:0] value,
                                             logic [31:0] keep);
    keep_merge = (rst & ~keep) | (value & keep);
  endfunction

  // Address bits of a System Page Size (one-hot): ~(4096 << log2(sps) - 1).
  function automatic logic [63:0] page_bits(logic [31:0] sps);
    page_bits = ~({20'h0, sps, 12'h0} - 64'd1);
  endfunction

  // Waiver: PMCSR/PMC are passed as whole DWs so the callers read like the map.
  /* verilator lint_off UNUSEDSIGNAL */
  // PowerState D1/D2 writes are ignored when PMC (DW bits 25/26) lacks them.
  function automatic logic [31:0] pmcsr_written(logic [31:0] old, logic [31:0] nw,
                                                logic [31:0] pmc_dw, logic [3:0] be);
    pmcsr_written = nw;
    if (be[0] && ((nw[1:0] == 2'd1 && !pmc_dw[25]) || (nw[1:0] == 2'd2 && !pmc_dw[26]))) begin
      pmcsr_written[1:0] = old[1:0];
    end
  endfunction

  // D3hot -> D0 with No_Soft_Reset (reset value bit 3) clear: internal reset.
  function automatic logic soft_reset_of(logic [31:0] old, logic [31:0] nw, logic [31:0] rst,
                                         logic [3:0] be);
    soft_reset_of = (be[0] || be[1]) && !rst[3] && old[1:0] == 2'd3 && nw[1:0] == 2'd0;
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // ---------------------------------------------------------------------------
  // Layout tables (written through the configuration port)
  // ---------------------------------------------------------------------------
  logic [10:0] pf_dw_q     [0:NPS-1];  // {valid, DW number}
  logic [PRW-1:0] pf_rst_row_q [0:MAX_PFS-1];  // reset values, one row per PF
  logic [31:0] pf_rw_q     [0:NPS-1];
  logic [31:0] pf_w1c_q    [0:NPS-1];
  logic [31:0] pf_keep_q   [0:NPS-1];
  logic [31:0] pf_sticky_q [0:NPS-1];
  logic [10:0] vf_dw_q     [0:NVS-1];
  logic [31:0] vf_reset_q  [0:NVS-1];
  logic [31:0] vf_rw_q     [0:NVS-1];
  logic [31:0] vf_w1c_q    [0:NVS-1];
  logic [31:0] vf_keep_q   [0:NVS-1];
  logic [31:0] vf_sticky_q [0:NVS-1];
  logic [15:0] pf_rid_q    [0:MAX_PFS-1];
  logic        ari_dep_q   [0:MAX_PFS-1];  // offset/stride 1/1 under ARI Capable Hierarchy
  logic [5:0]  bar_hi_q    [0:MAX_PFS-1];  // VF BAR DWs that are upper halves
  logic [VPW-1:0] vf_base_q [0:MAX_PFS-1]; // first pool entry of the PF's VFs
  logic [8:0]  num_pfs_q;
  logic [PFW-1:0] lowest_q;                 // PF with the lowest routing ID
  logic [63:0] reset_win_q, vfe_win_q, flr_win_q;
  logic [15:0] ep_cycles_q;                 // response latency in clocks (>= 1)

  logic cfg_take;
  /* verilator lint_off UNUSEDSIGNAL */  // 32-bit indices of smaller tables
  int unsigned cfg_pf, cfg_slot, cfg_pi, cfg_vi;
  /* verilator lint_on UNUSEDSIGNAL */
  assign cfg_take = cfg_we && !rst_n;
  assign cfg_pf   = 32'(cfg_addr[19:12]);
  assign cfg_slot = 32'(cfg_addr[11:0]);
  assign cfg_pi   = cfg_pf * PF_SLOTS + cfg_slot;
  assign cfg_vi   = cfg_pf * VF_SLOTS + cfg_slot;

  always_ff @(posedge clk) begin
    if (cfg_take) begin
      unique case (cfg_sel)
        CFG_PF_DW:     pf_dw_q[cfg_pi]     <= cfg_wdata[10:0];
        CFG_PF_RESET:  pf_rst_row_q[cfg_pf][cfg_slot * 32 +: 32] <= cfg_wdata;
        CFG_PF_RW:     pf_rw_q[cfg_pi]     <= cfg_wdata;
        CFG_PF_RW1C:   pf_w1c_q[cfg_pi]    <= cfg_wdata;
        CFG_PF_KEEP:   pf_keep_q[cfg_pi]   <= cfg_wdata;
        CFG_PF_STICKY: pf_sticky_q[cfg_pi] <= cfg_wdata;
        CFG_VF_DW:     vf_dw_q[cfg_vi]     <= cfg_wdata[10:0];
        CFG_VF_RESET:  vf_reset_q[cfg_vi]  <= cfg_wdata;
        CFG_VF_RW:     vf_rw_q[cfg_vi]     <= cfg_wdata;
        CFG_VF_RW1C:   vf_w1c_q[cfg_vi]    <= cfg_wdata;
        CFG_VF_KEEP:   vf_keep_q[cfg_vi]   <= cfg_wdata;
        CFG_VF_STICKY: vf_sticky_q[cfg_vi] <= cfg_wdata;
        CFG_PF_SCALAR:
          // index 0: {bar_hi[25:20], ari_dep[16], pf_rid[15:0]}; 1: VF pool base
          if (cfg_addr[0] == 1'b0) begin
            pf_rid_q[cfg_pf]  <= cfg_wdata[15:0];
            ari_dep_q[cfg_pf] <= cfg_wdata[16];
            bar_hi_q[cfg_pf]  <= cfg_wdata[25:20];
          end else begin
            vf_base_q[cfg_pf] <= VPW'(cfg_wdata);
          end
        CFG_DEV_SCALAR:
          unique case (cfg_addr[2:0])
            3'd0: begin
              num_pfs_q <= cfg_wdata[8:0];
              lowest_q  <= PFW'(cfg_wdata[23:16]);
            end
            3'd1: reset_win_q[31:0]  <= cfg_wdata;
            3'd2: reset_win_q[63:32] <= cfg_wdata;
            3'd3: vfe_win_q[31:0]    <= cfg_wdata;
            3'd4: vfe_win_q[63:32]   <= cfg_wdata;
            3'd5: flr_win_q[31:0]    <= cfg_wdata;
            3'd6: flr_win_q[63:32]   <= cfg_wdata;
            3'd7: ep_cycles_q        <= cfg_wdata[15:0];
          endcase
        default: ;
      endcase
    end
  end

  // ---------------------------------------------------------------------------
  // State
  // ---------------------------------------------------------------------------
  // PF values: one row per PF, slot s at [s*32 +: 32]; a request writes one row.
  logic [PRW-1:0] pf_row_q    [0:MAX_PFS-1];
  logic [63:0]    pf_ready_q  [0:MAX_PFS-1];
  logic [63:0]    vf_common_q [0:MAX_PFS-1];  // ready_at of every VF since VF Enable
  logic           ari_cur_q   [0:MAX_PFS-1];  // offset/stride reported for ARI (ari_dep PFs)
  // VF generation of a PF: +1 whenever its VFs go away (reset, VF Enable
  // change, PF FLR, soft reset), so the pool needs no clearing.
  logic [31:0]    gen_q       [0:MAX_PFS-1];
  // VF pool entry: the VF's stored DWs (valid when written in the PF's current
  // generation, else the reset values) and its own ready_at after a VF FLR.
  logic [RW-1:0]  vf_row_q    [0:MAX_VFS-1];
  logic [31:0]    vf_gen_q    [0:MAX_VFS-1];
  logic [63:0]    vf_rdy_q    [0:MAX_VFS-1];
  logic [31:0]    vf_rgen_q   [0:MAX_VFS-1];

  // ---------------------------------------------------------------------------
  // Request FSM (sriov_req_fsm.sv, shared by both blocks): IDLE -> (handshake)
  // BUSY for EP_CYCLES edges -> RESP -> IDLE; and the request capture
  // ---------------------------------------------------------------------------
  logic [15:0]   rid_q;
  logic [9:0]    dw_q;
  logic [3:0]    be_q;
  logic          wr_q;
  logic [31:0]   wdata_q;
  logic [127:0]  hdr_q;
  logic [63:0]   now_q;
  logic [2:0]    rsp_status_q;
  logic [31:0]   rsp_rdata_q;

  logic exec;
  sriov_req_fsm #(.CW(16)) u_fsm (
      .clk, .rst_n, .req_valid, .rsp_ready, .cnt_start(ep_cycles_q + EXTRA_CYCLES - 16'd1),
      .req_ready, .rsp_valid, .exec, .busy, .state
  );

  always_ff @(posedge clk) begin
    if (req_valid && req_ready) begin
      rid_q   <= req_rid;
      dw_q    <= req_dw;
      be_q    <= req_be;
      wr_q    <= req_write;
      wdata_q <= req_wdata;
      hdr_q   <= req_hdr;
      now_q   <= now_ns;
    end
  end

  assign rsp_status = rsp_status_q;
  assign rsp_rdata  = rsp_rdata_q;

  // ---------------------------------------------------------------------------
  // Routing: the first PF (in description order) that claims the routing ID,
  // as itself or as one of its enabled VFs.
  // ---------------------------------------------------------------------------
  logic           tgt_pf, tgt_vf;
  logic [PFW-1:0] tp;       // target PF (of the PF or of the VF)
  logic [15:0]    tk;       // VF number within its PF
  /* verilator lint_off UNUSEDSIGNAL */  // whole-DW views of the SR-IOV registers
  logic [31:0]    rt_ctl, rt_num, rt_vfs, rt_ofs;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [15:0]    rt_first, rt_stride, rt_d, rt_n, rt_k;
  logic           rt_grid;
  always_comb begin
    tgt_pf = 1'b0;
    tgt_vf = 1'b0;
    tp     = '0;
    tk     = '0;
    rt_ctl = '0; rt_num = '0; rt_vfs = '0; rt_ofs = '0;
    rt_first = '0; rt_stride = '0; rt_d = '0; rt_n = '0; rt_k = '0; rt_grid = 1'b0;
    // Only the execute edge uses the decode: evaluated then (a simulator
    // runs this block on every clock otherwise).
    if (exec) begin
      for (int p = 0; p < 32'(MAX_PFS); p++) begin
        rt_ctl    = pf_row_q[p][SL_IOV_CTL * 32 +: 32];
        rt_num    = pf_row_q[p][SL_IOV_NUM * 32 +: 32];
        rt_vfs    = pf_row_q[p][SL_IOV_VFS * 32 +: 32];
        rt_ofs    = (ari_dep_q[p] && ari_cur_q[p]) ? 32'h0001_0001 : pf_row_q[p][SL_IOV_OFS * 32 +: 32];
        rt_first  = pf_rid_q[p] + rt_ofs[15:0];  // 16-bit: carries into the bus number
        rt_stride = rt_ofs[31:16];
        rt_n      = rt_ctl[0] ? rt_num[15:0] : 16'h0;
        rt_d      = rid_q - rt_first;
        // Stride 0 is only legal with one VF: never divide by it.
        rt_grid   = (rt_d == 16'h0) || (rt_stride != 16'h0 && (rt_d % rt_stride) == 16'h0);
        rt_k      = (rt_d == 16'h0 || rt_stride == 16'h0) ? 16'h0 : rt_d / rt_stride;
        if (!tgt_pf && !tgt_vf && 9'(p) < num_pfs_q) begin
          if (rid_q == pf_rid_q[p]) begin
            tgt_pf = 1'b1;
            tp     = PFW'(p);
          end else if (rt_grid && rt_k < rt_n && rt_k < rt_vfs[31:16]) begin
            tgt_vf = 1'b1;
            tp     = PFW'(p);
            tk     = rt_k;
          end
        end
      end
    end
  end

  logic [VPW-1:0] pool;  // the target VF's pool entry
  /* verilator lint_off UNUSEDSIGNAL */  // the carry above the pool size
  logic [16:0]    pool_sum;
  /* verilator lint_on UNUSEDSIGNAL */
  assign pool_sum = 17'(vf_base_q[tp]) + 17'(tk);
  assign pool     = pool_sum[VPW-1:0];  // the loader keeps base + TotalVFs <= MAX_VFS

  // Slot lookup: a CAM over the target PF's tables.
  logic           pf_hit, vf_hit;
  logic [PSW-1:0] ps;
  logic [VSW-1:0] vs;
  always_comb begin
    pf_hit = 1'b0;
    ps     = '0;
    if (exec) begin
      for (int i = 0; i < 32'(PF_SLOTS); i++) begin
        if (pf_dw_q[32'(tp) * PF_SLOTS + i] == {1'b1, dw_q}) begin
          pf_hit = 1'b1;
          ps     = PSW'(i);
        end
      end
    end
  end
  always_comb begin
    vf_hit = 1'b0;
    vs     = '0;
    if (exec) begin
      for (int i = 0; i < 32'(VF_SLOTS); i++) begin
        if (vf_dw_q[32'(tp) * VF_SLOTS + i] == {1'b1, dw_q}) begin
          vf_hit = 1'b1;
          vs     = VSW'(i);
        end
      end
    end
  end

  logic        vf_stored_own, vf_ready_own;
  logic [2:0]  cpl;
  logic [63:0] vf_ready_at;
  assign vf_stored_own = (vf_gen_q[pool] == gen_q[tp]);
  assign vf_ready_own  = (vf_rgen_q[pool] == gen_q[tp]);
  assign vf_ready_at   = vf_ready_own ? vf_rdy_q[pool] : vf_common_q[tp];
  always_comb begin
    if (tgt_pf)      cpl = (now_q < pf_ready_q[tp]) ? CPL_CRS : CPL_SC;
    else if (tgt_vf) cpl = (now_q < vf_ready_at) ? CPL_CRS : CPL_SC;
    else             cpl = CPL_UR;
  end

  logic [31:0] bem;
  logic        pf_w, vf_w, ur_event;
  assign bem      = be_to_mask(be_q);
  assign pf_w     = exec && wr_q && tgt_pf && (cpl == CPL_SC) && pf_hit;
  assign vf_w     = exec && wr_q && tgt_vf && (cpl == CPL_SC) && vf_hit && (32'(vs) < VF_MUT);
  // Only a one-PF device logs an absent function's UR (in its PF).
  assign ur_event = exec && (cpl == CPL_UR) && (num_pfs_q == 9'd1);

  // ---------------------------------------------------------------------------
  // PF write: the addressed DW's new value and its side effects
  // ---------------------------------------------------------------------------
  logic [31:0]    pf_old, pf_new, pf_rwm, pf_sup, pf_ofs_rd;
  logic [15:0]    pf_tot, pf_num;
  logic [63:0]    page_cur, page_new;
  logic [2:0]     bar_rel;
  logic           in_vf_bar, ctl_en, vfe_old, vfe_new, ari_now;
  logic           pf_flr, pf_soft, pf_drop, sps_changed, ctl_w;
  assign pf_old    = pf_hit ? pf_row_q[tp][32'(ps) * 32 +: 32] : 32'h0;
  assign pf_sup    = pf_row_q[tp][SL_IOV_SUP * 32 +: 32];
  assign pf_tot    = pf_row_q[tp][SL_IOV_VFS * 32 + 16 +: 16];
  assign pf_num    = pf_row_q[tp][SL_IOV_NUM * 32 +: 16];
  assign page_cur  = page_bits(pf_row_q[tp][SL_IOV_PSZ * 32 +: 32]);
  assign page_new  = page_bits(pf_new);
  assign in_vf_bar = (32'(ps) >= SL_IOV_BAR0) && (32'(ps) < SL_IOV_BAR0 + 6);
  assign bar_rel   = 3'(32'(ps) - SL_IOV_BAR0);
  assign ctl_en    = be_q[0] || be_q[1];
  assign vfe_old   = pf_row_q[tp][SL_IOV_CTL * 32];

  always_comb begin
    pf_rwm = pf_hit ? pf_rw_q[32'(tp) * PF_SLOTS + 32'(ps)] : 32'h0;
    // VF BARs: address bits below max(BAR size, System Page Size) read 0.
    if (in_vf_bar) pf_rwm = pf_rwm & (bar_hi_q[tp][bar_rel] ? page_cur[63:32] : page_cur[31:0]);
    pf_new = written(pf_old, wdata_q, pf_rwm,
                     pf_hit ? pf_w1c_q[32'(tp) * PF_SLOTS + 32'(ps)] : 32'h0, bem);
    unique case (32'(ps))
      SL_IOV_CTL:
        if (ctl_en) begin
          // ARI Capable Hierarchy is locked while VF Enable is set; VF Enable
          // needs NumVFs <= TotalVFs.
          if (vfe_old) pf_new[4] = pf_old[4];
          else if (pf_new[0] && pf_num > pf_tot) pf_new[0] = 1'b0;
        end
      SL_IOV_NUM: if (vfe_old && !NUMVFS_ALWAYS_RW) pf_new = pf_old;
      SL_IOV_PSZ:
        // Only while VF Enable = 0, and only one supported page size.
        if (be_q != 4'h0 && (vfe_old || (pf_new != pf_old &&
            (!$onehot(pf_new) || (pf_new & pf_sup) == 32'h0)))) pf_new = pf_old;
      SL_PMCSR: pf_new = pmcsr_written(pf_old, pf_new, pf_row_q[tp][SL_PMC * 32 +: 32], be_q);
      default: ;
    endcase
  end

  assign vfe_new     = pf_new[0];
  assign ctl_w       = pf_w && 32'(ps) == SL_IOV_CTL && ctl_en;
  assign pf_flr      = pf_w && 32'(ps) == SL_DEVCTL && be_q[1] && wdata_q[15];
  assign pf_soft     = pf_w && 32'(ps) == SL_PMCSR &&
                       soft_reset_of(pf_old, pf_new, pf_rst_row_q[tp][SL_PMCSR * 32 +: 32], be_q);
  assign sps_changed = pf_w && 32'(ps) == SL_IOV_PSZ && pf_new != pf_old;
  assign pf_drop     = pf_flr || pf_soft || (ctl_w && vfe_old != vfe_new);
  // The device's ARI Capable Hierarchy after this write: the lowest PF's bit.
  assign ari_now     = (tp == lowest_q && 32'(ps) == SL_IOV_CTL) ? pf_new[4]
                                                                  : pf_row_q[lowest_q][SL_IOV_CTL * 32 + 4];
  assign pf_ofs_rd   = (ari_dep_q[tp] && ari_cur_q[tp]) ? 32'h0001_0001 : pf_old;

  // The target PF's row after the write: the DW, VF BAR re-masking after a
  // System Page Size change, then FLR / soft reset (reset but the kept bits).
  logic [PRW-1:0] pf_new_row;
  always_comb begin
    logic [31:0] v;
    pf_new_row = pf_w ? pf_row_q[tp] : '0;
    if (pf_w) pf_new_row[32'(ps) * 32 +: 32] = pf_new;
    if (sps_changed) begin
      for (int b = 0; b < 6; b++) begin
        pf_new_row[(SL_IOV_BAR0 + b) * 32 +: 32] = pf_new_row[(SL_IOV_BAR0 + b) * 32 +: 32] &
            ~(pf_rw_q[32'(tp) * PF_SLOTS + SL_IOV_BAR0 + b] &
              (bar_hi_q[tp][b] ? ~page_new[63:32] : ~page_new[31:0]));
      end
    end
    v = '0;
    if (pf_flr || pf_soft) begin
      for (int s = 0; s < 32'(PF_SLOTS); s++) begin
        v = pf_new_row[s * 32 +: 32];
        if (pf_flr) v = keep_merge(pf_rst_row_q[tp][s * 32 +: 32], v,
                                   pf_keep_q[32'(tp) * PF_SLOTS + s]);
        if (pf_soft) v = keep_merge(pf_rst_row_q[tp][s * 32 +: 32], v,
                                    pf_sticky_q[32'(tp) * PF_SLOTS + s]);
        pf_new_row[s * 32 +: 32] = v;
      end
    end
  end

  // UR of an absent function, logged in PF 0 (PCIe Base 6.2; AER 7.8.4).
  logic [PRW-1:0] ur_row;
  always_comb begin
    logic        aer, fatal, advisory, log_hdr;
    logic [31:0] sev, ust, ctl;
    ur_row   = ur_event ? pf_row_q[0] : '0;
    aer      = pf_w1c_q[SL_AER_UST][UR_BIT];  // AER present and logging UR
    ust      = ur_row[SL_AER_UST * 32 +: 32];
    ctl      = ur_row[SL_AER_CTL * 32 +: 32];
    sev      = aer ? ur_row[SL_AER_USEV * 32 +: 32] : DEFAULT_SEVERITY;
    fatal    = sev[UR_BIT];
    advisory = !fatal && ur_row[SL_DEVCAP * 32 + 15];  // Role-Based Error Reporting
    log_hdr  = aer && !ur_row[SL_AER_UMSK * 32 + UR_BIT] && !ust[ctl[4:0]];
    ur_row[SL_DEVCTL * 32 +: 32] = ur_row[SL_DEVCTL * 32 +: 32] | 32'h0008_0000 |  // URD
        (advisory ? 32'h0001_0000 : fatal ? 32'h0004_0000 : 32'h0002_0000);     // CED/FED/NFED
    if (aer) begin
      ur_row[SL_AER_UST * 32 +: 32] = ust | (32'h1 << UR_BIT);
      if (advisory) begin
        ur_row[SL_AER_CST * 32 +: 32] = ur_row[SL_AER_CST * 32 +: 32] |
                                        (COR_ADVISORY & pf_w1c_q[SL_AER_CST]);
      end
      if (log_hdr) begin
        ur_row[SL_AER_CTL * 32 +: 32] = (ctl & ~AER_FEP) | 32'(UR_BIT);
        ur_row[SL_AER_HDR0 * 32 +: 128] = hdr_q;
      end
    end
  end

  // Per-PF state: each PF's registers are written only by its own process.
  for (genvar p = 0; p < 32'(MAX_PFS); p++) begin : g_pf
    always_ff @(posedge clk) begin
      if (!rst_n) begin
        pf_row_q[p]    <= pf_rst_row_q[p];
        pf_ready_q[p]  <= now_ns + reset_win_q;
        vf_common_q[p] <= 64'h0;
        ari_cur_q[p]   <= 1'b0;
        gen_q[p]       <= gen_q[p] + 32'd1;
      end else if (pf_w && tp == PFW'(p)) begin
        pf_row_q[p] <= pf_new_row;
        if (ctl_w && vfe_new && !vfe_old) vf_common_q[p] <= now_q + vfe_win_q;
        // First VF Offset / VF Stride follow the device's ARI Capable Hierarchy.
        if (ctl_w) ari_cur_q[p] <= ari_now;
        if (pf_flr || pf_soft) ari_cur_q[p] <= 1'b0;
        if (pf_flr) pf_ready_q[p] <= now_q + flr_win_q;
        if (pf_drop) gen_q[p] <= gen_q[p] + 32'd1;
      end else if (ctl_w && tp == lowest_q && !pf_row_q[p][SL_IOV_CTL * 32]) begin
        // The lowest PF's ARI bit: the other PFs follow while VF Enable is clear.
        ari_cur_q[p] <= ari_now;
      end else if (ur_event && p == 0) begin
        pf_row_q[p] <= ur_row;
      end
    end
  end

  // ---------------------------------------------------------------------------
  // VF write: the addressed VF's stored DWs
  // ---------------------------------------------------------------------------
  logic [RW-1:0] vf_base_row, vf_new_row;
  logic [31:0]   vf_old, vf_new, vf_rwm;
  logic          vs_stored, vf_flr, vf_soft;
  assign vs_stored = vf_hit && (32'(vs) < VF_MUT);
  always_comb begin
    vf_base_row = '0;
    if (exec && tgt_vf) begin
      for (int j = 0; j < 32'(VF_MUT); j++) begin
        vf_base_row[j * 32 +: 32] = vf_stored_own ? vf_row_q[pool][j * 32 +: 32]
                                                  : vf_reset_q[32'(tp) * VF_SLOTS + j];
      end
    end
    vf_old = !vf_hit ? 32'h0 : vs_stored ? vf_base_row[32'(vs) * 32 +: 32]
                                         : vf_reset_q[32'(tp) * VF_SLOTS + 32'(vs)];
    vf_rwm = vs_stored ? vf_rw_q[32'(tp) * VF_SLOTS + 32'(vs)] : 32'h0;
    if (VF_CMD_MSE_RW && dw_q == 10'd1) vf_rwm = vf_rwm | 32'h0000_0002;
    vf_new = written(vf_old, wdata_q, vf_rwm,
                     vs_stored ? vf_w1c_q[32'(tp) * VF_SLOTS + 32'(vs)] : 32'h0, bem);
    if (32'(vs) == SLV_PMCSR) begin
      vf_new = pmcsr_written(vf_old, vf_new, vf_base_row[SLV_PMC * 32 +: 32], be_q);
    end
  end
  assign vf_flr  = vf_w && 32'(vs) == SLV_DEVCTL && be_q[1] && wdata_q[15];
  assign vf_soft = vf_w && 32'(vs) == SLV_PMCSR &&
                   soft_reset_of(vf_old, vf_new, vf_reset_q[32'(tp) * VF_SLOTS + SLV_PMCSR], be_q);
  always_comb begin
    logic [31:0] v;
    v = '0;
    vf_new_row = '0;
    if (vf_w) begin
      for (int j = 0; j < 32'(VF_MUT); j++) begin
        v = (j == 32'(vs)) ? vf_new : vf_base_row[j * 32 +: 32];
        if (vf_flr)  v = keep_merge(vf_reset_q[32'(tp) * VF_SLOTS + j], v,
                                    vf_keep_q[32'(tp) * VF_SLOTS + j]);
        if (vf_soft) v = keep_merge(vf_reset_q[32'(tp) * VF_SLOTS + j], v,
                                    vf_sticky_q[32'(tp) * VF_SLOTS + j]);
        vf_new_row[j * 32 +: 32] = v;
      end
    end
  end

  always_ff @(posedge clk) begin
    if (rst_n && vf_w) begin
      vf_row_q[pool] <= vf_new_row;
      vf_gen_q[pool] <= gen_q[tp];
      if (vf_flr) begin
        vf_rdy_q[pool]  <= now_q + flr_win_q;
        vf_rgen_q[pool] <= gen_q[tp];
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Response registers, loaded at the execute edge
  // ---------------------------------------------------------------------------
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      rsp_status_q <= CPL_SC;
      rsp_rdata_q  <= 32'h0;
    end else if (exec) begin
      rsp_status_q <= cpl;
      if (cpl == CPL_SC && !wr_q) begin
        if (tgt_pf) rsp_rdata_q <= (pf_hit && 32'(ps) == SL_IOV_OFS) ? pf_ofs_rd : pf_old;
        else        rsp_rdata_q <= vf_old;
      end else begin
        rsp_rdata_q <= 32'h0;
      end
    end
  end

  assign vf_enable        = pf_row_q[0][SL_IOV_CTL * 32];
  assign num_vfs          = pf_row_q[0][SL_IOV_NUM * 32 +: 16];
  assign vf_mse           = pf_row_q[0][SL_IOV_CTL * 32 + 3];
  assign system_page_size = pf_row_q[0][SL_IOV_PSZ * 32 +: 32];

endmodule
