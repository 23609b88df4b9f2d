/* Entry points of the example SR-IOV PF driver (example_pf_driver.c), called
 * by tests/sw_stubs the way the OS would call a real driver. */
#ifndef EXAMPLE_PF_DRIVER_H
#define EXAMPLE_PF_DRIVER_H

#include "win/ndis_sriov.h"
#include "win/pcivirt.h"
#include "win/wdf_query_stub.h"
#include "win/wdm_virtualization.h"

#ifdef __cplusplus
extern "C" {
#endif

/* EvtDevicePrepareHardware-like: query GUID_PCI_VIRTUALIZATION_INTERFACE from the PDO. */
NTSTATUS ExamplePfPrepareHardware(WDFDEVICE Device);
/* Create/delete the VFs through the bus interface (a VBD would do this). */
NTSTATUS ExamplePfEnableVfs(USHORT NumVFs);
NTSTATUS ExamplePfDisableVfs(void);
/* Fill the PF driver's SRIOV_DEVICE_INTERFACE_STANDARD (what
 * WdfDeviceAddQueryInterface would register). */
VOID ExamplePfGetSriovInterface(PSRIOV_DEVICE_INTERFACE_STANDARD Interface);
VOID ExamplePfReleaseHardware(void);

/* NDIS side: MiniportInitializeEx saves the handle; OID_NIC_SWITCH_CREATE_SWITCH
 * enables virtualization; MiniportOidRequest handles the VF config-space OIDs. */
NDIS_STATUS ExampleMiniportInitialize(NDIS_HANDLE MiniportAdapterHandle);
NDIS_STATUS ExampleMiniportCreateSwitch(USHORT NumVFs);
NDIS_STATUS ExampleMiniportAllocateVf(NDIS_SRIOV_FUNCTION_ID VFId);
NDIS_STATUS ExampleMiniportOidRequest(NDIS_HANDLE MiniportAdapterContext,
                                      PNDIS_OID_REQUEST NdisRequest);

#ifdef __cplusplus
}
#endif

#endif
