// PCIe SR-IOV configuration space: one PF and up to TOTAL_VFS VFs.
//
// Normative spec: docs/config-space-map.md. Interface and timing:
// docs/rtl-interface.md. Summary:
//   - synchronous active-low reset (conventional reset, PF ready_at = now_ns + RESET_READY_NS);
//   - one request at a time over a valid/ready channel; the response is valid
//     exactly EP_CYCLES rising edges after the request handshake edge;
//   - `now_ns` is a free-running system time base, sampled at the handshake
//     edge; readiness (CRS) and new ready_at values use that sample.
//
// Fault-injection defines (for proving the RTL/TLM cross-check can fail):
//   INJECT_FAULT_VF_CMD_MSE       VF Command Memory Space Enable becomes RW.
//   INJECT_FAULT_NUMVFS_UNLOCKED  NumVFs stays writable while VF Enable = 1.
//
// Written in the SystemVerilog subset yosys 0.23 reads (docs/synthesis.md):
// package items by qualified name (no import), functions without `return`,
// one packed dimension (arrays are flat vectors indexed with +:), structs
// given by concatenation.
module sriov_cfg_space #(
    // Identity
    parameter logic [15:0] PF_RID           = 16'h0100,
    parameter logic [15:0] VENDOR_ID        = 16'h8086,
    parameter logic [15:0] DEVICE_ID        = 16'h10FB,
    parameter logic [7:0]  REVISION_ID      = 8'h01,
    parameter logic [23:0] CLASS_CODE       = 24'h020000,
    parameter logic [15:0] SUBSYS_VENDOR_ID = 16'h8086,
    parameter logic [15:0] SUBSYS_ID        = 16'h000C,
    parameter logic [23:0] VF_CLASS_CODE    = 24'h020000,
    parameter logic [15:0] VF_SUBSYS_ID     = 16'h000C,
    parameter int unsigned PF_MSIX_VECTORS  = 64,
    parameter int unsigned VF_MSIX_VECTORS  = 3,

    // SR-IOV
    parameter int unsigned INITIAL_VFS          = 64,
    parameter int unsigned TOTAL_VFS            = 64,  // 1..65535; sizes per-VF storage
    parameter logic [15:0] FIRST_VF_OFFSET      = 16'h0180,
    parameter logic [15:0] VF_STRIDE            = 16'd2,
    parameter int unsigned ARI_DEPENDENT        = 0,  // 1: with ARI Capable Hierarchy offset 1, stride 1
    parameter logic [15:0] VF_DEVICE_ID         = 16'h10ED,
    parameter logic [31:0] SUPPORTED_PAGE_SIZES = 32'h0000_0553,
    parameter int unsigned MIGRATION_CAPABLE    = 0,  // 0/1

    // PF BARs (kind codes in sriov_cfg_pkg; size in bytes, power of two)
    parameter int unsigned     PF_BAR0_KIND = sriov_cfg_pkg::BAR_MEM64,
    parameter int unsigned     PF_BAR0_PREF = 0,
    parameter longint unsigned PF_BAR0_SIZE = 64'h8_0000,  // 512 KiB
    parameter int unsigned     PF_BAR1_KIND = sriov_cfg_pkg::BAR_NONE,
    parameter int unsigned     PF_BAR1_PREF = 0,
    parameter longint unsigned PF_BAR1_SIZE = 64'h0,
    parameter int unsigned     PF_BAR2_KIND = sriov_cfg_pkg::BAR_IO,
    parameter int unsigned     PF_BAR2_PREF = 0,
    parameter longint unsigned PF_BAR2_SIZE = 64'h20,      // 32 B
    parameter int unsigned     PF_BAR3_KIND = sriov_cfg_pkg::BAR_NONE,
    parameter int unsigned     PF_BAR3_PREF = 0,
    parameter longint unsigned PF_BAR3_SIZE = 64'h0,
    parameter int unsigned     PF_BAR4_KIND = sriov_cfg_pkg::BAR_MEM64,
    parameter int unsigned     PF_BAR4_PREF = 0,
    parameter longint unsigned PF_BAR4_SIZE = 64'h4000,    // 16 KiB (MSI-X)
    parameter int unsigned     PF_BAR5_KIND = sriov_cfg_pkg::BAR_NONE,
    parameter int unsigned     PF_BAR5_PREF = 0,
    parameter longint unsigned PF_BAR5_SIZE = 64'h0,

    // VF BARs (in the SR-IOV capability)
    parameter int unsigned     VF_BAR0_KIND = sriov_cfg_pkg::BAR_MEM64,
    parameter int unsigned     VF_BAR0_PREF = 1,
    parameter longint unsigned VF_BAR0_SIZE = 64'h4000,    // 16 KiB
    parameter int unsigned     VF_BAR1_KIND = sriov_cfg_pkg::BAR_NONE,
    parameter int unsigned     VF_BAR1_PREF = 0,
    parameter longint unsigned VF_BAR1_SIZE = 64'h0,
    parameter int unsigned     VF_BAR2_KIND = sriov_cfg_pkg::BAR_NONE,
    parameter int unsigned     VF_BAR2_PREF = 0,
    parameter longint unsigned VF_BAR2_SIZE = 64'h0,
    parameter int unsigned     VF_BAR3_KIND = sriov_cfg_pkg::BAR_MEM64,
    parameter int unsigned     VF_BAR3_PREF = 1,
    parameter longint unsigned VF_BAR3_SIZE = 64'h4000,    // 16 KiB
    parameter int unsigned     VF_BAR4_KIND = sriov_cfg_pkg::BAR_NONE,
    parameter int unsigned     VF_BAR4_PREF = 0,
    parameter longint unsigned VF_BAR4_SIZE = 64'h0,
    parameter int unsigned     VF_BAR5_KIND = sriov_cfg_pkg::BAR_NONE,
    parameter int unsigned     VF_BAR5_PREF = 0,
    parameter longint unsigned VF_BAR5_SIZE = 64'h0,

    // Link
    parameter int unsigned LINK_GEN   = 3,
    parameter int unsigned LINK_WIDTH = 4,

    // Readiness windows (ns) and endpoint latency (clock cycles, >= 1)
    parameter longint unsigned RESET_READY_NS     = 64'd100_000_000,
    parameter longint unsigned VF_ENABLE_READY_NS = 64'd100_000_000,
    parameter longint unsigned FLR_READY_NS       = 64'd100_000_000,
    parameter int unsigned     EP_CYCLES          = 4
) (
    input  logic        clk,
    input  logic        rst_n,             // synchronous, active low
    input  logic [63:0] now_ns,            // system time base

    // Request channel
    input  logic        req_valid,
    output logic        req_ready,
    input  logic [15:0] req_rid,           // completer (routing) ID
    input  logic [9:0]  req_dw,            // DW register number
    input  logic [3:0]  req_be,            // first DW byte enables
    input  logic        req_write,
    input  logic [31:0] req_wdata,

    // Response channel
    output logic        rsp_valid,
    input  logic        rsp_ready,
    output logic [2:0]  rsp_status,        // CPL_SC / CPL_UR / CPL_CRS
    output logic [31:0] rsp_rdata,         // read data of an SC read, else 0

    // Status for waveforms and the testbench
    output logic        vf_enable,
    output logic [15:0] num_vfs,
    output logic        vf_mse,
    output logic [31:0] system_page_size,
    output logic        busy,
    output logic [1:0]  state
);

  // ---------------------------------------------------------------------------
  // Elaboration checks
  // ---------------------------------------------------------------------------
  if (EP_CYCLES < 1) begin : g_err_ep_cycles
    $error("EP_CYCLES must be >= 1");
  end
  if (TOTAL_VFS < 1 || TOTAL_VFS > 65535) begin : g_err_total_vfs
    $error("TOTAL_VFS must be 1..65535");
  end
  if (PF_MSIX_VECTORS < 1 || PF_MSIX_VECTORS > 2048 ||
      VF_MSIX_VECTORS < 1 || VF_MSIX_VECTORS > 2048) begin : g_err_msix
    $error("MSI-X vector counts must be 1..2048");
  end

  // ---------------------------------------------------------------------------
  // Constants
  // ---------------------------------------------------------------------------
  // Package names used throughout, under their short names.
  localparam logic [2:0] CPL_SC  = sriov_cfg_pkg::CPL_SC;
  localparam logic [2:0] CPL_UR  = sriov_cfg_pkg::CPL_UR;
  localparam logic [2:0] CPL_CRS = sriov_cfg_pkg::CPL_CRS;
  localparam int unsigned VFW = (TOTAL_VFS > 1) ? $clog2(TOTAL_VFS) : 1;  // VF index width
  localparam int unsigned CW  = (EP_CYCLES > 1) ? $clog2(EP_CYCLES + 1) : 1;  // latency counter
  localparam logic [CW-1:0] CNT_START = CW'(EP_CYCLES - 1);
  localparam logic [15:0] STRIDE_DIV = (VF_STRIDE == 16'd0) ? 16'd1 : VF_STRIDE;

  // DW register numbers (byte offset / 4)
  localparam logic [9:0] DW_ID       = 10'h000;  // 0x00 Vendor/Device ID
  localparam logic [9:0] DW_CMD      = 10'h001;  // 0x04 Command/Status
  localparam logic [9:0] DW_CLASS    = 10'h002;  // 0x08 Revision/Class
  localparam logic [9:0] DW_CLS      = 10'h003;  // 0x0C CLS/Lat/HdrType/BIST
  localparam logic [9:0] DW_BAR0     = 10'h004;  // 0x10..0x24 BAR0..5
  localparam logic [9:0] DW_SUBSYS   = 10'h00B;  // 0x2C
  localparam logic [9:0] DW_CAPPTR   = 10'h00D;  // 0x34
  localparam logic [9:0] DW_INTR     = 10'h00F;  // 0x3C
  localparam logic [9:0] DW_PM_HDR   = 10'h010;  // 0x40
  localparam logic [9:0] DW_PMCSR    = 10'h011;  // 0x44
  localparam logic [9:0] DW_MSIX_HDR = 10'h014;  // 0x50
  localparam logic [9:0] DW_MSIX_TBL = 10'h015;  // 0x54
  localparam logic [9:0] DW_MSIX_PBA = 10'h016;  // 0x58
  localparam logic [9:0] DW_PCIE_HDR = 10'h01C;  // 0x70
  localparam logic [9:0] DW_DEVCAP   = 10'h01D;  // 0x74
  localparam logic [9:0] DW_DEVCTL   = 10'h01E;  // 0x78 Device Control/Status
  localparam logic [9:0] DW_LINKCAP  = 10'h01F;  // 0x7C
  localparam logic [9:0] DW_LINKCTL  = 10'h020;  // 0x80 Link Control/Status
  localparam logic [9:0] DW_DEVCAP2  = 10'h025;  // 0x94
  localparam logic [9:0] DW_DEVCTL2  = 10'h026;  // 0x98
  localparam logic [9:0] DW_LINKCAP2 = 10'h027;  // 0x9C
  localparam logic [9:0] DW_LINKCTL2 = 10'h028;  // 0xA0
  localparam logic [9:0] DW_ARI_HDR  = 10'h040;  // 0x100
  localparam logic [9:0] DW_IOV_HDR  = 10'h058;  // 0x160
  localparam logic [9:0] DW_IOV_CAP  = 10'h059;  // 0x164
  localparam logic [9:0] DW_IOV_CTL  = 10'h05A;  // 0x168 Control/Status
  localparam logic [9:0] DW_IOV_VFS  = 10'h05B;  // 0x16C InitialVFs/TotalVFs
  localparam logic [9:0] DW_IOV_NUM  = 10'h05C;  // 0x170 NumVFs/FDL
  localparam logic [9:0] DW_IOV_OFS  = 10'h05D;  // 0x174 First VF Offset/Stride
  localparam logic [9:0] DW_IOV_DID  = 10'h05E;  // 0x178 VF Device ID at 0x17A
  localparam logic [9:0] DW_IOV_SPS  = 10'h05F;  // 0x17C Supported Page Sizes
  localparam logic [9:0] DW_IOV_PSZ  = 10'h060;  // 0x180 System Page Size
  localparam logic [9:0] DW_IOV_BAR0 = 10'h061;  // 0x184..0x198 VF BAR0..5

  // RW / RW1C masks (PF unless noted)
  localparam logic [31:0] CMD_RW       = 32'h0000_0547;
  localparam logic [31:0] STS_RW1C     = 32'hF900_0000;  // Status in the upper half
`ifdef INJECT_FAULT_VF_CMD_MSE
  localparam logic [31:0] VF_CMD_RW    = 32'h0000_0006;  // FAULT: Memory Space Enable writable
`else
  localparam logic [31:0] VF_CMD_RW    = 32'h0000_0004;  // Bus Master Enable only
`endif
  localparam logic [31:0] PMCSR_RW     = 32'h0000_0003;
  localparam logic [31:0] MSIX_RW      = 32'hC000_0000;  // Message Control in the upper half
  localparam logic [31:0] DEVCTL_RW    = 32'h0000_79FF;  // VF: all RsvdP but Initiate FLR
  localparam logic [31:0] DEVSTS_RW1C  = 32'h000F_0000;
  localparam logic [31:0] LINKCTL_RW   = 32'h0000_00CB;
  localparam logic [31:0] DEVCTL2_RW   = 32'h0000_001F;
  localparam logic [31:0] LINKCTL2_RW  = 32'h0000_000F;
  localparam logic [31:0] IOV_CTL_RW   = (MIGRATION_CAPABLE != 0) ? 32'h0000_001F : 32'h0000_0019;
  localparam logic [31:0] IOV_STS_RW1C = (MIGRATION_CAPABLE != 0) ? 32'h0001_0000 : 32'h0000_0000;

  // Reset / fixed values
  localparam logic [15:0] DEVCTL_RESET = 16'h2810;
  // Bits a PF FLR keeps (PCIe Base 6.6.2): Max_Payload_Size; ASPM Control, RCB,
  // Common Clock Configuration, Extended Synch; Target Link Speed (RWS).
  localparam logic [15:0] DEVCTL_FLR_KEEP   = 16'h00E0;
  localparam logic [7:0]  LINKCTL_FLR_KEEP  = 8'hCB;
  localparam logic [3:0]  LINKCTL2_FLR_KEEP = 4'hF;
  localparam logic [10:0] PF_MSIX_TS   = 11'(PF_MSIX_VECTORS - 1);
  localparam logic [10:0] VF_MSIX_TS   = 11'(VF_MSIX_VECTORS - 1);
  localparam logic [31:0] LINK_CAP     = 32'(LINK_GEN) | (32'(LINK_WIDTH) << 4);
  localparam logic [15:0] LINK_STATUS  = 16'(LINK_GEN) | (16'(LINK_WIDTH) << 4) | 16'h1000;
  localparam logic [31:0] LINK_CAP2    = ((32'd1 << LINK_GEN) - 32'd1) << 1;

  // BAR masks and type bits, index 0..5
  localparam logic [191:0] PF_BAR_MASK = {
    sriov_cfg_pkg::bar_rw_mask(PF_BAR5_KIND, PF_BAR5_SIZE, PF_BAR4_KIND, PF_BAR4_SIZE),
    sriov_cfg_pkg::bar_rw_mask(PF_BAR4_KIND, PF_BAR4_SIZE, PF_BAR3_KIND, PF_BAR3_SIZE),
    sriov_cfg_pkg::bar_rw_mask(PF_BAR3_KIND, PF_BAR3_SIZE, PF_BAR2_KIND, PF_BAR2_SIZE),
    sriov_cfg_pkg::bar_rw_mask(PF_BAR2_KIND, PF_BAR2_SIZE, PF_BAR1_KIND, PF_BAR1_SIZE),
    sriov_cfg_pkg::bar_rw_mask(PF_BAR1_KIND, PF_BAR1_SIZE, PF_BAR0_KIND, PF_BAR0_SIZE),
    sriov_cfg_pkg::bar_rw_mask(PF_BAR0_KIND, PF_BAR0_SIZE, sriov_cfg_pkg::BAR_NONE, 64'd0)
  };
  localparam logic [191:0] PF_BAR_TYPE = {
    sriov_cfg_pkg::bar_type_bits(PF_BAR5_KIND, PF_BAR4_KIND, PF_BAR5_PREF),
    sriov_cfg_pkg::bar_type_bits(PF_BAR4_KIND, PF_BAR3_KIND, PF_BAR4_PREF),
    sriov_cfg_pkg::bar_type_bits(PF_BAR3_KIND, PF_BAR2_KIND, PF_BAR3_PREF),
    sriov_cfg_pkg::bar_type_bits(PF_BAR2_KIND, PF_BAR1_KIND, PF_BAR2_PREF),
    sriov_cfg_pkg::bar_type_bits(PF_BAR1_KIND, PF_BAR0_KIND, PF_BAR1_PREF),
    sriov_cfg_pkg::bar_type_bits(PF_BAR0_KIND, sriov_cfg_pkg::BAR_NONE, PF_BAR0_PREF)
  };
  localparam logic [191:0] VF_BAR_MASK = {
    sriov_cfg_pkg::bar_rw_mask(VF_BAR5_KIND, VF_BAR5_SIZE, VF_BAR4_KIND, VF_BAR4_SIZE),
    sriov_cfg_pkg::bar_rw_mask(VF_BAR4_KIND, VF_BAR4_SIZE, VF_BAR3_KIND, VF_BAR3_SIZE),
    sriov_cfg_pkg::bar_rw_mask(VF_BAR3_KIND, VF_BAR3_SIZE, VF_BAR2_KIND, VF_BAR2_SIZE),
    sriov_cfg_pkg::bar_rw_mask(VF_BAR2_KIND, VF_BAR2_SIZE, VF_BAR1_KIND, VF_BAR1_SIZE),
    sriov_cfg_pkg::bar_rw_mask(VF_BAR1_KIND, VF_BAR1_SIZE, VF_BAR0_KIND, VF_BAR0_SIZE),
    sriov_cfg_pkg::bar_rw_mask(VF_BAR0_KIND, VF_BAR0_SIZE, sriov_cfg_pkg::BAR_NONE, 64'd0)
  };
  localparam logic [191:0] VF_BAR_TYPE = {
    sriov_cfg_pkg::bar_type_bits(VF_BAR5_KIND, VF_BAR4_KIND, VF_BAR5_PREF),
    sriov_cfg_pkg::bar_type_bits(VF_BAR4_KIND, VF_BAR3_KIND, VF_BAR4_PREF),
    sriov_cfg_pkg::bar_type_bits(VF_BAR3_KIND, VF_BAR2_KIND, VF_BAR3_PREF),
    sriov_cfg_pkg::bar_type_bits(VF_BAR2_KIND, VF_BAR1_KIND, VF_BAR2_PREF),
    sriov_cfg_pkg::bar_type_bits(VF_BAR1_KIND, VF_BAR0_KIND, VF_BAR1_PREF),
    sriov_cfg_pkg::bar_type_bits(VF_BAR0_KIND, sriov_cfg_pkg::BAR_NONE, VF_BAR0_PREF)
  };
  // Upper DWs of mem64 VF BAR pairs (masked by the page size's upper half).
  localparam logic [5:0] VF_BAR_UPPER = {
    VF_BAR4_KIND == sriov_cfg_pkg::BAR_MEM64, VF_BAR3_KIND == sriov_cfg_pkg::BAR_MEM64,
    VF_BAR2_KIND == sriov_cfg_pkg::BAR_MEM64, VF_BAR1_KIND == sriov_cfg_pkg::BAR_MEM64,
    VF_BAR0_KIND == sriov_cfg_pkg::BAR_MEM64, 1'b0
  };

  // ---------------------------------------------------------------------------
  // Field update helpers
  // ---------------------------------------------------------------------------
  // Byte enables expanded to a bit mask.
  function automatic logic [31:0] be_to_mask(logic [3:0] be);
    be_to_mask = {{8{be[3]}}, {8{be[2]}}, {8{be[1]}}, {8{be[0]}}};
  endfunction

  // RW field update: bits in `mask` take the write data.
  function automatic logic [31:0] rw_merge(logic [31:0] old, logic [31:0] wdata, logic [31:0] mask);
    rw_merge = (old & ~mask) | (wdata & mask);
  endfunction

  // RW1C field update: a 1 written to a bit in `mask` clears it.
  function automatic logic [31:0] w1c_merge(logic [31:0] old, logic [31:0] wdata,
                                            logic [31:0] mask);
    w1c_merge = old & ~(wdata & mask);
  endfunction

  // ---------------------------------------------------------------------------
  // PF register storage (only writable fields vary; RO bits are constants on read)
  // ---------------------------------------------------------------------------
  typedef struct packed {
    logic [15:0]      cmd;       // Command, CMD_RW bits
    logic [15:0]      sts;       // Status, RW1C bits 15:11, 8
    logic [7:0]       cls;       // Cache Line Size
    logic [191:0]     bar;       // BAR0..5 address bits, 32 each (type bits added on read)
    logic [7:0]       int_line;  // Interrupt Line
    logic [1:0]       pm_state;  // PMCSR PowerState
    logic [1:0]       msix;      // MSI-X Enable(1), Function Mask(0)
    logic [15:0]      devctl;    // Device Control, DEVCTL_RW bits
    logic [3:0]       devsts;    // Device Status RW1C: URD(3) FED NFED CED(0)
    logic [7:0]       linkctl;   // Link Control, LINKCTL_RW bits
    logic [4:0]       devctl2;   // Device Control 2
    logic [3:0]       linkctl2;  // Link Control 2 target speed
    logic [4:0]       iov_ctl;   // SR-IOV Control: ARI(4) MSE(3) VFMIE(2) VFME(1) VFE(0)
    logic             iov_sts;   // SR-IOV Status: VF Migration Status
    logic [15:0]      num_vfs;   // NumVFs
    logic [31:0]      sps;       // System Page Size (one-hot)
    logic [191:0]     vf_bar;    // VF BAR0..5 address bits, 32 each (type bits added on read)
  } pf_regs_t;

  // Reset values, field by field in declaration order.
  localparam pf_regs_t PF_RESET = {
    16'h0,         // cmd
    16'h0,         // sts
    8'h0,          // cls
    192'h0,        // bar
    8'h0,          // int_line
    2'd0,          // pm_state
    2'b00,         // msix
    DEVCTL_RESET,  // devctl
    4'h0,          // devsts
    8'h0,          // linkctl
    5'h0,          // devctl2
    4'(LINK_GEN),  // linkctl2
    5'h0,          // iov_ctl
    1'b0,          // iov_sts
    16'h0,         // num_vfs
    32'h1,         // sps
    192'h0         // vf_bar
  };

  pf_regs_t    pf_q;
  logic [63:0] pf_ready_at_q;

  // ---------------------------------------------------------------------------
  // Per-VF storage, indexed by VF number. Not reset by rst_n: VFs do not exist
  // after reset, and VF Enable 0->1 initialises every entry.
  // ---------------------------------------------------------------------------
  // Flat vectors, VF i's field at [i*W +: W]: VF Enable 0->1 re-initialises
  // every VF in one edge.
  logic [TOTAL_VFS-1:0]        vf_bme_q;       // Command Bus Master Enable
`ifdef INJECT_FAULT_VF_CMD_MSE
  logic [TOTAL_VFS-1:0]        vf_mem_q;       // FAULT: Command Memory Space Enable
`endif
  logic [TOTAL_VFS*6-1:0]      vf_sts_q;       // Status RW1C: [5:1] = bits 15:11, [0] = bit 8
  logic [TOTAL_VFS*2-1:0]      vf_msix_q;      // MSI-X Enable, Function Mask
  logic [TOTAL_VFS*4-1:0]      vf_devsts_q;    // Device Status RW1C
  logic [TOTAL_VFS*64-1:0]     vf_ready_at_q;

  // ---------------------------------------------------------------------------
  // Request FSM (sriov_req_fsm.sv, shared by both blocks): IDLE -> (handshake)
  // BUSY for EP_CYCLES edges -> RESP -> IDLE; and the request capture
  // ---------------------------------------------------------------------------
  logic [15:0]   rid_q;
  logic [9:0]    dw_q;
  logic [3:0]    be_q;
  logic          wr_q;
  logic [31:0]   wdata_q;
  logic [63:0]   now_q;       // now_ns sampled at the handshake edge
  logic [2:0]    rsp_status_q;
  logic [31:0]   rsp_rdata_q;

  logic exec;                 // the request takes effect at this edge
  sriov_req_fsm #(.CW(CW)) u_fsm (
      .clk, .rst_n, .req_valid, .rsp_ready, .cnt_start(CNT_START),
      .req_ready, .rsp_valid, .exec, .busy, .state
  );

  // Request capture: datapath, no reset needed.
  always_ff @(posedge clk) begin
    if (req_valid && req_ready) begin
      rid_q   <= req_rid;
      dw_q    <= req_dw;
      be_q    <= req_be;
      wr_q    <= req_write;
      wdata_q <= req_wdata;
      now_q   <= now_ns;
    end
  end

  assign rsp_status = rsp_status_q;
  assign rsp_rdata  = rsp_rdata_q;

  // ---------------------------------------------------------------------------
  // Routing-ID decode
  // ---------------------------------------------------------------------------
  logic        ari_mode;      // offset/stride follow ARI Capable Hierarchy
  logic [15:0] cur_offset, cur_stride;
  logic [15:0] rid_diff;
  logic [15:0] vf_k;
  logic        on_grid;
  logic        tgt_pf, tgt_vf;
  logic [VFW-1:0] vf_idx;

  logic [2:0] cpl;

  // The decode and the datapath below are used only at the execute edge, so
  // they are computed only then (0 on the other edges): a cycle-based
  // simulator such as Verilator evaluates every combinational block on every
  // clock, and the request spends EP_CYCLES + 2 clocks in the block.
  always_comb begin
    {ari_mode, cur_offset, cur_stride, rid_diff, vf_k, on_grid, tgt_pf, tgt_vf} = '0;
    cpl = CPL_SC;
    if (exec) begin
      ari_mode   = (ARI_DEPENDENT != 0) && pf_q.iov_ctl[4];
      cur_offset = ari_mode ? 16'd1 : FIRST_VF_OFFSET;
      cur_stride = ari_mode ? 16'd1 : VF_STRIDE;
      rid_diff   = rid_q - PF_RID - cur_offset;  // 16-bit: carries into the bus number
      if (ari_mode) begin
        vf_k    = rid_diff;
        on_grid = 1'b1;
      end else if (VF_STRIDE == 16'd0) begin
        // Stride 0 is only legal with one VF: never divide by it.
        vf_k    = 16'd0;
        on_grid = (rid_diff == 16'd0);
      end else begin
        vf_k    = rid_diff / STRIDE_DIV;
        on_grid = (rid_diff % STRIDE_DIV) == 16'd0;
      end
      tgt_pf = (rid_q == PF_RID);
      tgt_vf = !tgt_pf && pf_q.iov_ctl[0] && on_grid && (vf_k < pf_q.num_vfs) &&
               (32'(vf_k) < TOTAL_VFS);
      if (tgt_pf)      cpl = (now_q < pf_ready_at_q) ? CPL_CRS : CPL_SC;
      else if (tgt_vf) cpl = (now_q < vf_ready_at_q[vf_k[VFW-1:0]*64 +: 64]) ? CPL_CRS : CPL_SC;
      else             cpl = CPL_UR;
    end
  end
  assign vf_idx = vf_k[VFW-1:0];

  // The BAR DW this request addresses: header BARs (DW 4..9) and VF BARs in the
  // SR-IOV capability; *_lsb is its bit offset in the 192-bit BAR vectors.
  logic       in_pf_bar, in_vf_bar;
  logic [7:0] pf_bar_lsb, vf_bar_lsb;
  assign in_pf_bar  = (dw_q >= DW_BAR0) && (dw_q < DW_BAR0 + 10'd6);
  assign in_vf_bar  = (dw_q >= DW_IOV_BAR0) && (dw_q < DW_IOV_BAR0 + 10'd6);
  assign pf_bar_lsb = {3'(dw_q - DW_BAR0), 5'd0};
  assign vf_bar_lsb = {3'(dw_q - DW_IOV_BAR0), 5'd0};

  // Write strobes of this request (only a successful write changes anything).
  logic [31:0] bem;
  logic        pf_w, vf_w, ur_event, pf_flr, vf_flr;
  assign bem      = be_to_mask(be_q);
  assign pf_w     = exec && wr_q && tgt_pf && (cpl == CPL_SC);
  assign vf_w     = exec && wr_q && tgt_vf && (cpl == CPL_SC);
  assign ur_event = exec && (cpl == CPL_UR);
  // Initiate FLR: Device Control bit 15 written as 1 (byte 1 enabled).
  assign pf_flr   = pf_w && (dw_q == DW_DEVCTL) && be_q[1] && wdata_q[15];
  assign vf_flr   = vf_w && (dw_q == DW_DEVCTL) && be_q[1] && wdata_q[15];

  // ---------------------------------------------------------------------------
  // SR-IOV side effects
  // ---------------------------------------------------------------------------
  // Effective VF BAR masks: size = max(profile size, system page size); for
  // power-of-two sizes that is the AND of the two address masks.
  function automatic logic [191:0] vf_bar_masks(logic [31:0] sps);
    logic [63:0]      page_addr_bits;
    // 4096 << log2(sps) for a one-hot sps
    page_addr_bits = ~({20'h0, sps, 12'h0} - 64'd1);
    for (int i = 0; i < 6; i++) begin
      vf_bar_masks[i*32 +: 32] = VF_BAR_MASK[i*32 +: 32] &
                                 (VF_BAR_UPPER[i] ? page_addr_bits[63:32] : page_addr_bits[31:0]);
    end
  endfunction

  logic [191:0] vf_bar_mask_cur, vf_bar_mask_new;
  logic [4:0]   iov_ctl_wr;
  logic         vfe_rise;
  logic [31:0]  sps_wr;
  logic         sps_ok;
  logic [15:0]  pf_devctl_wr;
  // The PF's new values, at the execute edge only (as the decode above).
  always_comb begin
    logic [31:0] wm;
    {wm, vf_bar_mask_cur, vf_bar_mask_new, iov_ctl_wr, sps_wr, sps_ok, pf_devctl_wr} = '0;
    if (exec) begin
      vf_bar_mask_cur = vf_bar_masks(pf_q.sps);
      // SR-IOV Control write: ARI locked while VF Enable is set; VF Enable 0->1
      // blocked while NumVFs > TotalVFs (the rest of the write still applies).
      wm = IOV_CTL_RW & bem;
      if (pf_q.iov_ctl[0]) wm[4] = 1'b0;
      iov_ctl_wr = 5'(rw_merge({27'h0, pf_q.iov_ctl}, wdata_q, wm));
      if (!pf_q.iov_ctl[0] && iov_ctl_wr[0] && (32'(pf_q.num_vfs) > TOTAL_VFS)) begin
        iov_ctl_wr[0] = 1'b0;
      end
      // System Page Size write: only while VF Enable = 0; accepted if one-hot
      // and supported.
      sps_wr = rw_merge(pf_q.sps, wdata_q, bem);
      vf_bar_mask_new = vf_bar_masks(sps_wr);
      sps_ok = !pf_q.iov_ctl[0] && $onehot(sps_wr) &&
               ((sps_wr & ~SUPPORTED_PAGE_SIZES) == '0);
      // Device Control after this write (also what a PF FLR keeps part of).
      pf_devctl_wr = 16'(rw_merge({16'h0, pf_q.devctl}, wdata_q, DEVCTL_RW & bem));
    end
  end
  assign vfe_rise = pf_w && (dw_q == DW_IOV_CTL) && !pf_q.iov_ctl[0] && iov_ctl_wr[0];

`ifdef INJECT_FAULT_NUMVFS_UNLOCKED
  localparam bit NUMVFS_ALWAYS_RW = 1'b1;  // FAULT: NumVFs not locked by VF Enable
`else
  localparam bit NUMVFS_ALWAYS_RW = 1'b0;
`endif

  // ---------------------------------------------------------------------------
  // PF registers
  // ---------------------------------------------------------------------------
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      pf_q          <= PF_RESET;
      pf_ready_at_q <= now_ns + RESET_READY_NS;
    end else begin
      // Unsupported Request Detected, and Correctable Error Detected: the PF
      // has Role-Based Error Reporting, so a Non-Fatal UR it completes is an
      // Advisory Non-Fatal Error (PCIe Base 6.2.3.2.4.1).
      if (ur_event) begin
        pf_q.devsts[3] <= 1'b1;
        pf_q.devsts[0] <= 1'b1;
      end
      if (pf_w) begin
        unique case (dw_q)
          DW_CMD: begin
            pf_q.cmd <= 16'(rw_merge({16'h0, pf_q.cmd}, wdata_q, CMD_RW & bem));
            pf_q.sts <= 16'(w1c_merge({pf_q.sts, 16'h0}, wdata_q, STS_RW1C & bem) >> 16);
          end
          DW_CLS:  if (be_q[0]) pf_q.cls <= wdata_q[7:0];
          DW_INTR: if (be_q[0]) pf_q.int_line <= wdata_q[7:0];
          DW_PMCSR:
            // D1/D2 are not supported: such a PowerState write is ignored.
            if (be_q[0] && wdata_q[1:0] != 2'd1 && wdata_q[1:0] != 2'd2)
              pf_q.pm_state <= wdata_q[1:0] & PMCSR_RW[1:0];
          DW_MSIX_HDR:
            pf_q.msix <= 2'(rw_merge({pf_q.msix, 30'h0}, wdata_q, MSIX_RW & bem) >> 30);
          DW_DEVCTL: begin
            pf_q.devctl <= pf_devctl_wr;
            pf_q.devsts <= 4'(w1c_merge({12'h0, pf_q.devsts, 16'h0}, wdata_q,
                                        DEVSTS_RW1C & bem) >> 16);
          end
          DW_LINKCTL:  if (be_q[0]) pf_q.linkctl <= wdata_q[7:0] & LINKCTL_RW[7:0];
          DW_DEVCTL2:  if (be_q[0]) pf_q.devctl2 <= wdata_q[4:0] & DEVCTL2_RW[4:0];
          DW_LINKCTL2: if (be_q[0]) pf_q.linkctl2 <= wdata_q[3:0] & LINKCTL2_RW[3:0];
          DW_IOV_CTL: begin
            pf_q.iov_ctl <= iov_ctl_wr;
            pf_q.iov_sts <= |(w1c_merge({15'h0, pf_q.iov_sts, 16'h0}, wdata_q,
                                        IOV_STS_RW1C & bem));
          end
          DW_IOV_NUM:
            if (!pf_q.iov_ctl[0] || NUMVFS_ALWAYS_RW)
              pf_q.num_vfs <= 16'(rw_merge({16'h0, pf_q.num_vfs}, wdata_q, bem));
          DW_IOV_PSZ:
            if (sps_ok) begin
              pf_q.sps <= sps_wr;
              // Re-mask every VF BAR to the new size.
              for (int i = 0; i < 6; i++) begin
                pf_q.vf_bar[i*32 +: 32] <= pf_q.vf_bar[i*32 +: 32] &
                                           vf_bar_mask_new[i*32 +: 32];
              end
            end
          default: begin
            if (in_pf_bar) begin
              pf_q.bar[pf_bar_lsb +: 32] <= rw_merge(pf_q.bar[pf_bar_lsb +: 32], wdata_q,
                                                     PF_BAR_MASK[pf_bar_lsb +: 32] & bem);
            end
            if (in_vf_bar) begin
              pf_q.vf_bar[vf_bar_lsb +: 32] <= rw_merge(pf_q.vf_bar[vf_bar_lsb +: 32], wdata_q,
                                                        vf_bar_mask_cur[vf_bar_lsb +: 32] & bem);
            end
          end
        endcase
      end
      // FLR after the write: the reset wipes whatever the write changed,
      // except the bits FLR keeps, which take the values after the write.
      if (pf_flr) begin
        pf_q          <= PF_RESET;
        pf_q.devctl   <= (DEVCTL_RESET & ~DEVCTL_FLR_KEEP) | (pf_devctl_wr & DEVCTL_FLR_KEEP);
        pf_q.linkctl  <= pf_q.linkctl & LINKCTL_FLR_KEEP;
        pf_q.linkctl2 <= pf_q.linkctl2 & LINKCTL2_FLR_KEEP;
        pf_ready_at_q <= now_q + FLR_READY_NS;
      end
    end
  end

  // ---------------------------------------------------------------------------
  // VF registers
  // ---------------------------------------------------------------------------
  // Register views of the addressed VF (vf_idx).
  logic        vf_mem_rd;  // VF Command Memory Space Enable as read
  logic [15:0] vf_command, vf_status;
  // New values of the addressed VF's fields, through the same masks as the PF.
  // Waiver: these are whole-register views so the masks read like the map; only
  // the stored (writable) bits are used, the rest are constants by construction.
  /* verilator lint_off UNUSEDSIGNAL */
  logic [15:0] vf_cmd_wr, vf_sts_wr;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [1:0]  vf_msix_wr;
  logic [3:0]  vf_devsts_wr;
  // At the execute edge only (as the decode above).
  always_comb begin
    {vf_mem_rd, vf_command, vf_status, vf_cmd_wr, vf_sts_wr, vf_msix_wr, vf_devsts_wr} = '0;
    if (exec) begin
`ifdef INJECT_FAULT_VF_CMD_MSE
      vf_mem_rd = vf_mem_q[vf_idx];
`endif
      vf_command   = {13'h0, vf_bme_q[vf_idx], vf_mem_rd, 1'b0};
      vf_status    = {vf_sts_q[vf_idx*6+1 +: 5], 2'b00, vf_sts_q[vf_idx*6], 8'h10};
      vf_cmd_wr    = 16'(rw_merge({16'h0, vf_command}, wdata_q, VF_CMD_RW & bem));
      vf_sts_wr    = 16'(w1c_merge({vf_status, 16'h0}, wdata_q, STS_RW1C & bem) >> 16);
      vf_msix_wr   = 2'(rw_merge({vf_msix_q[vf_idx*2 +: 2], 30'h0}, wdata_q,
                                 MSIX_RW & bem) >> 30);
      vf_devsts_wr = 4'(w1c_merge({12'h0, vf_devsts_q[vf_idx*4 +: 4], 16'h0}, wdata_q,
                                  DEVSTS_RW1C & bem) >> 16);
    end
  end

  always_ff @(posedge clk) begin
    if (vfe_rise) begin
      // VF Enable 0->1: fresh VFs at reset values, all in their CRS window.
      vf_bme_q      <= '0;
`ifdef INJECT_FAULT_VF_CMD_MSE
      vf_mem_q      <= '0;
`endif
      vf_sts_q      <= '0;
      vf_msix_q     <= '0;
      vf_devsts_q   <= '0;
      vf_ready_at_q <= {TOTAL_VFS{now_q + VF_ENABLE_READY_NS}};
    end else if (vf_w) begin
      unique case (dw_q)
        DW_CMD: begin
          vf_bme_q[vf_idx] <= vf_cmd_wr[2];
`ifdef INJECT_FAULT_VF_CMD_MSE
          vf_mem_q[vf_idx] <= vf_cmd_wr[1];
`endif
          vf_sts_q[vf_idx*6 +: 6] <= {vf_sts_wr[15:11], vf_sts_wr[8]};
        end
        DW_MSIX_HDR: vf_msix_q[vf_idx*2 +: 2] <= vf_msix_wr;
        DW_DEVCTL: vf_devsts_q[vf_idx*4 +: 4] <= vf_devsts_wr;  // Device Control: RsvdP
        default: ;
      endcase
      // FLR after the write: only this VF returns to reset.
      if (vf_flr) begin
        vf_bme_q[vf_idx]      <= 1'b0;
`ifdef INJECT_FAULT_VF_CMD_MSE
        vf_mem_q[vf_idx]      <= 1'b0;
`endif
        vf_sts_q[vf_idx*6 +: 6]        <= 6'h0;
        vf_msix_q[vf_idx*2 +: 2]       <= 2'b00;
        vf_devsts_q[vf_idx*4 +: 4]     <= 4'h0;
        vf_ready_at_q[vf_idx*64 +: 64] <= now_q + FLR_READY_NS;
      end
    end
  end

  // ---------------------------------------------------------------------------
  // Read data
  // ---------------------------------------------------------------------------
  logic [31:0] pf_rdata, vf_rdata;
  logic [15:0] pf_status;

  assign pf_status = pf_q.sts | 16'h0010;  // Capabilities List

  always_comb begin
    pf_rdata = 32'h0;
    if (exec && tgt_pf && !wr_q) begin  // a read at the execute edge
      unique case (dw_q)
        DW_ID:       pf_rdata = {DEVICE_ID, VENDOR_ID};
        DW_CMD:      pf_rdata = {pf_status, pf_q.cmd};
        DW_CLASS:    pf_rdata = {CLASS_CODE, REVISION_ID};
        DW_CLS:      pf_rdata = {24'h0, pf_q.cls};
        DW_SUBSYS:   pf_rdata = {SUBSYS_ID, SUBSYS_VENDOR_ID};
        DW_CAPPTR:   pf_rdata = 32'h0000_0040;
        DW_INTR:     pf_rdata = {16'h0, 8'h01, pf_q.int_line};  // Interrupt Pin INTA
        DW_PM_HDR:   pf_rdata = 32'h0003_5001;
        DW_PMCSR:    pf_rdata = {16'h0, 12'h0, 2'b10, pf_q.pm_state};  // No_Soft_Reset
        DW_MSIX_HDR: pf_rdata = {pf_q.msix, 3'b000, PF_MSIX_TS, 8'h70, 8'h11};
        DW_MSIX_TBL: pf_rdata = 32'h0000_0004;
        DW_MSIX_PBA: pf_rdata = 32'h0000_2004;
        DW_PCIE_HDR: pf_rdata = 32'h0002_0010;
        DW_DEVCAP:   pf_rdata = 32'h1000_8022;
        DW_DEVCTL:   pf_rdata = {12'h0, pf_q.devsts, pf_q.devctl};
        DW_LINKCAP:  pf_rdata = LINK_CAP;
        DW_LINKCTL:  pf_rdata = {LINK_STATUS, 8'h0, pf_q.linkctl};
        DW_DEVCAP2:  pf_rdata = 32'h0000_001F;
        DW_DEVCTL2:  pf_rdata = {27'h0, pf_q.devctl2};
        DW_LINKCAP2: pf_rdata = LINK_CAP2;
        DW_LINKCTL2: pf_rdata = {28'h0, pf_q.linkctl2};
        DW_ARI_HDR:  pf_rdata = 32'h1601_000E;
        DW_IOV_HDR:  pf_rdata = 32'h0001_0010;
        DW_IOV_CAP:  pf_rdata = {31'h0, MIGRATION_CAPABLE != 0};
        DW_IOV_CTL:  pf_rdata = {15'h0, pf_q.iov_sts, 11'h0, pf_q.iov_ctl};
        DW_IOV_VFS:  pf_rdata = {16'(TOTAL_VFS), 16'(INITIAL_VFS)};
        DW_IOV_NUM:  pf_rdata = {16'h0, pf_q.num_vfs};  // Function Dependency Link 0
        DW_IOV_OFS:  pf_rdata = {cur_stride, cur_offset};
        DW_IOV_DID:  pf_rdata = {VF_DEVICE_ID, 16'h0};
        DW_IOV_SPS:  pf_rdata = SUPPORTED_PAGE_SIZES;
        DW_IOV_PSZ:  pf_rdata = pf_q.sps;
        default: begin
          pf_rdata = 32'h0;
          if (in_pf_bar) pf_rdata = pf_q.bar[pf_bar_lsb +: 32] | PF_BAR_TYPE[pf_bar_lsb +: 32];
          if (in_vf_bar) pf_rdata = pf_q.vf_bar[vf_bar_lsb +: 32] | VF_BAR_TYPE[vf_bar_lsb +: 32];
        end
      endcase
    end
  end

  always_comb begin
    vf_rdata = 32'h0;
    if (exec && tgt_vf && !wr_q) begin  // a read at the execute edge
      unique case (dw_q)
        DW_ID:       vf_rdata = 32'hFFFF_FFFF;
        DW_CMD:      vf_rdata = {vf_status, vf_command};
        DW_CLASS:    vf_rdata = {VF_CLASS_CODE, REVISION_ID};
        DW_SUBSYS:   vf_rdata = {VF_SUBSYS_ID, SUBSYS_VENDOR_ID};
        DW_CAPPTR:   vf_rdata = 32'h0000_0050;
        DW_MSIX_HDR: vf_rdata = {vf_msix_q[vf_idx*2 +: 2], 3'b000, VF_MSIX_TS, 8'h70, 8'h11};
        DW_MSIX_TBL: vf_rdata = 32'h0000_0003;
        DW_MSIX_PBA: vf_rdata = 32'h0000_2003;
        DW_PCIE_HDR: vf_rdata = 32'h0002_0010;
        DW_DEVCAP:   vf_rdata = 32'h1000_8022;
        DW_DEVCTL:   vf_rdata = {12'h0, vf_devsts_q[vf_idx*4 +: 4], 16'h0};
        DW_LINKCAP:  vf_rdata = LINK_CAP;
        DW_LINKCTL:  vf_rdata = 32'h0;  // Link Control RsvdP, Link Status RsvdZ (VF)
        DW_DEVCAP2:  vf_rdata = 32'h0000_001F;
        DW_LINKCAP2: vf_rdata = LINK_CAP2;
        DW_ARI_HDR:  vf_rdata = 32'h0001_000E;
        default:     vf_rdata = 32'h0;
      endcase
    end
  end

  // Response registers, loaded at the execute edge.
  always_ff @(posedge clk) begin
    if (!rst_n) begin
      rsp_status_q <= CPL_SC;
      rsp_rdata_q  <= 32'h0;
    end else if (exec) begin
      rsp_status_q <= cpl;
      if (cpl == CPL_SC && !wr_q) rsp_rdata_q <= tgt_pf ? pf_rdata : vf_rdata;
      else                        rsp_rdata_q <= 32'h0;
    end
  end

  // Status outputs
  assign vf_enable        = pf_q.iov_ctl[0];
  assign num_vfs          = pf_q.num_vfs;
  assign vf_mse           = pf_q.iov_ctl[3];
  assign system_page_size = pf_q.sps;

endmodule
