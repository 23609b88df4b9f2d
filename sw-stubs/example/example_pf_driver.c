/*
 * Example SR-IOV PF driver, written the way a Windows driver writer writes it
 * against the documented prototypes (wdm.h, pcivirt.h, ndis.h). It compiles
 * unchanged against the sw-stubs headers and runs against the TLM model.
 *
 *  - KMDF part: queries GUID_PCI_VIRTUALIZATION_INTERFACE from its PDO, enables
 *    VFs with EnableVirtualization, and implements the pcivirt callbacks
 *    (SRIOV_READ_CONFIG, SRIOV_WRITE_CONFIG, SRIOV_RESET_FUNCTION) by
 *    forwarding to Get/SetVirtualFunctionData, like the WDK's SR-IOV PF sample.
 *  - NDIS part: a PF miniport's OID handler for OID_SRIOV_WRITE/READ_VF_CONFIG_SPACE
 *    calling NdisMSet/GetVirtualFunctionBusData.
 */
#include "example_pf_driver.h"

#include <string.h>

#define EXAMPLE_MAX_VFS 64

typedef struct _EXAMPLE_DEVICE_CONTEXT {
    PCI_VIRTUALIZATION_INTERFACE BusInterface;
    BOOLEAN BusInterfaceValid;
    USHORT NumVFs;
    ULONG ResetCount[EXAMPLE_MAX_VFS];
} EXAMPLE_DEVICE_CONTEXT, *PEXAMPLE_DEVICE_CONTEXT;

typedef struct _EXAMPLE_ADAPTER {
    NDIS_HANDLE MiniportAdapterHandle;
    USHORT NumVFs;
    BOOLEAN VfAllocated[EXAMPLE_MAX_VFS];
} EXAMPLE_ADAPTER, *PEXAMPLE_ADAPTER;

static EXAMPLE_DEVICE_CONTEXT g_Device;
static EXAMPLE_ADAPTER g_Adapter;

SRIOV_READ_CONFIG ExampleReadVfConfig;
SRIOV_WRITE_CONFIG ExampleWriteVfConfig;
SRIOV_RESET_FUNCTION ExampleResetVf;

_Use_decl_annotations_ NTSTATUS ExamplePfPrepareHardware(WDFDEVICE Device) {
    NTSTATUS status;

    memset(&g_Device, 0, sizeof(g_Device));
    status = WdfFdoQueryForInterface(
        Device, &GUID_PCI_VIRTUALIZATION_INTERFACE, (PINTERFACE)&g_Device.BusInterface,
        sizeof(PCI_VIRTUALIZATION_INTERFACE), PCI_VIRTUALIZATION_INTERFACE_VERSION, NULL);
    if (!NT_SUCCESS(status)) {
        return status;
    }
    g_Device.BusInterfaceValid = TRUE;
    return STATUS_SUCCESS;
}

VOID ExamplePfReleaseHardware(void) {
    if (g_Device.BusInterfaceValid) {
        g_Device.BusInterface.InterfaceDereference(g_Device.BusInterface.Context);
        g_Device.BusInterfaceValid = FALSE;
    }
}

/* EnableVirtualization with NumVFs VFs (no migration) or, with Enable FALSE,
 * VF Enable cleared; the VF count is kept when the bus driver accepts. */
static NTSTATUS ExamplePfSetVirtualization(USHORT NumVFs, BOOLEAN Enable) {
    NTSTATUS status;

    if (!g_Device.BusInterfaceValid) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    status = g_Device.BusInterface.EnableVirtualization(g_Device.BusInterface.Context, NumVFs,
                                                        FALSE, FALSE, Enable);
    if (NT_SUCCESS(status)) {
        g_Device.NumVFs = NumVFs;
    }
    return status;
}

NTSTATUS ExamplePfEnableVfs(USHORT NumVFs) {
    if (NumVFs > EXAMPLE_MAX_VFS) {
        return STATUS_INVALID_DEVICE_STATE;
    }
    return ExamplePfSetVirtualization(NumVFs, TRUE);
}

NTSTATUS ExamplePfDisableVfs(void) {
    return ExamplePfSetVirtualization(0, FALSE);
}

/* Reads or writes Length bytes at Offset of VF VfIndex through the bus
 * interface; anything short of Length is a failure. */
static NTSTATUS ExampleVfConfigData(PEXAMPLE_DEVICE_CONTEXT Device, BOOLEAN Write, USHORT VfIndex,
                                    PVOID Data, ULONG Offset, ULONG Length) {
    ULONG bytes;

    if (VfIndex >= Device->NumVFs) {
        return STATUS_INVALID_PARAMETER;
    }
    if (Write) {
        bytes = Device->BusInterface.SetVirtualFunctionData(Device->BusInterface.Context, VfIndex,
                                                            Data, Offset, Length);
    } else {
        bytes = Device->BusInterface.GetVirtualFunctionData(Device->BusInterface.Context, VfIndex,
                                                            Data, Offset, Length);
    }
    return bytes == Length ? STATUS_SUCCESS : STATUS_UNSUCCESSFUL;
}

_Use_decl_annotations_ NTSTATUS ExampleReadVfConfig(PVOID Context, const VOID* Data, USHORT VfIndex,
                                                    ULONG Offset, ULONG Length) {
    return ExampleVfConfigData((PEXAMPLE_DEVICE_CONTEXT)Context, FALSE, VfIndex, (PVOID)Data,
                               Offset, Length);
}

_Use_decl_annotations_ NTSTATUS ExampleWriteVfConfig(PVOID Context, const VOID* Data,
                                                     USHORT VfIndex, ULONG Offset, ULONG Length) {
    return ExampleVfConfigData((PEXAMPLE_DEVICE_CONTEXT)Context, TRUE, VfIndex, (PVOID)Data, Offset,
                               Length);
}

_Use_decl_annotations_ NTSTATUS ExampleResetVf(PVOID Context, USHORT VfIndex) {
    PEXAMPLE_DEVICE_CONTEXT device = (PEXAMPLE_DEVICE_CONTEXT)Context;
    USHORT devctl = 0;

    if (VfIndex >= device->NumVFs) {
        return STATUS_INVALID_PARAMETER;
    }
    /* Function Level Reset through the VF's PCIe capability (Device Control, 0x78). */
    if (device->BusInterface.GetVirtualFunctionData(device->BusInterface.Context, VfIndex, &devctl,
                                                    0x78, sizeof(devctl)) != sizeof(devctl)) {
        return STATUS_UNSUCCESSFUL;
    }
    devctl |= 0x8000;
    if (device->BusInterface.SetVirtualFunctionData(device->BusInterface.Context, VfIndex, &devctl,
                                                    0x78, sizeof(devctl)) != sizeof(devctl)) {
        return STATUS_UNSUCCESSFUL;
    }
    device->ResetCount[VfIndex]++;
    return STATUS_SUCCESS;
}

VOID ExamplePfGetSriovInterface(PSRIOV_DEVICE_INTERFACE_STANDARD Interface) {
    memset(Interface, 0, sizeof(*Interface));
    Interface->Size = sizeof(SRIOV_DEVICE_INTERFACE_STANDARD);
    Interface->Version = 1;
    Interface->Context = &g_Device;
    Interface->ReadVfConfig = ExampleReadVfConfig;
    Interface->WriteVfConfig = ExampleWriteVfConfig;
    Interface->ResetVf = ExampleResetVf;
}

/* ------------------------------- NDIS part ------------------------------- */

NDIS_STATUS ExampleMiniportInitialize(NDIS_HANDLE MiniportAdapterHandle) {
    memset(&g_Adapter, 0, sizeof(g_Adapter));
    g_Adapter.MiniportAdapterHandle = MiniportAdapterHandle;
    return NDIS_STATUS_SUCCESS;
}

NDIS_STATUS ExampleMiniportCreateSwitch(USHORT NumVFs) {
    NDIS_STATUS status;

    if (NumVFs > EXAMPLE_MAX_VFS) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    status = NdisMEnableVirtualization(g_Adapter.MiniportAdapterHandle, NumVFs, FALSE, FALSE, TRUE);
    if (status == NDIS_STATUS_SUCCESS) {
        g_Adapter.NumVFs = NumVFs;
    }
    return status;
}

NDIS_STATUS ExampleMiniportAllocateVf(NDIS_SRIOV_FUNCTION_ID VFId) {
    if (VFId >= g_Adapter.NumVFs) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    g_Adapter.VfAllocated[VFId] = TRUE;
    return NDIS_STATUS_SUCCESS;
}

/* What both VF config space OIDs do once their parameter block is complete
 * (the READ and WRITE parameters have the same fields): the VF must be
 * allocated, the data (BufferOffset + Length bytes from the parameters) must
 * fit in the BufferLength bytes of the buffer, else *BytesNeeded says how many
 * it takes, and the bus must move all Length bytes. *BytesDone is the number of
 * buffer bytes used. */
static NDIS_STATUS ExampleVfConfigTransfer(PEXAMPLE_ADAPTER Adapter, BOOLEAN Write,
                                           NDIS_SRIOV_FUNCTION_ID VFId, ULONG Offset, ULONG Length,
                                           ULONG BufferOffset, PUCHAR Params, ULONG BufferLength,
                                           PUINT BytesNeeded, PUINT BytesDone) {
    ULONG bytes;

    if (VFId >= EXAMPLE_MAX_VFS || !Adapter->VfAllocated[VFId]) {
        return NDIS_STATUS_INVALID_PARAMETER;
    }
    if (BufferOffset + Length > BufferLength) {
        *BytesNeeded = BufferOffset + Length;
        return NDIS_STATUS_INVALID_LENGTH;
    }
    if (Write) {
        bytes = NdisMSetVirtualFunctionBusData(Adapter->MiniportAdapterHandle, VFId,
                                               Params + BufferOffset, Offset, Length);
    } else {
        bytes = NdisMGetVirtualFunctionBusData(Adapter->MiniportAdapterHandle, VFId,
                                               Params + BufferOffset, Offset, Length);
    }
    if (bytes != Length) {
        return NDIS_STATUS_FAILURE;
    }
    *BytesDone = BufferOffset + Length;
    return NDIS_STATUS_SUCCESS;
}

/* An OID's parameter block, or NULL when the Available bytes do not hold its
 * Required size (*BytesNeeded then says how many it takes). */
static PVOID ExampleOidParameters(PVOID Buffer, ULONG Available, ULONG Required,
                                  PUINT BytesNeeded) {
    if (Available < Required) {
        *BytesNeeded = Required;
        return NULL;
    }
    return Buffer;
}

static NDIS_STATUS ExampleWriteVfConfigSpace(PEXAMPLE_ADAPTER Adapter,
                                             PNDIS_OID_REQUEST NdisRequest) {
    ULONG bufferLength = NdisRequest->DATA.SET_INFORMATION.InformationBufferLength;
    PNDIS_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS params =
        ExampleOidParameters(NdisRequest->DATA.SET_INFORMATION.InformationBuffer, bufferLength,
                             NDIS_SIZEOF_SRIOV_WRITE_VF_CONFIG_SPACE_PARAMETERS_REVISION_1,
                             &NdisRequest->DATA.SET_INFORMATION.BytesNeeded);

    if (params == NULL) {
        return NDIS_STATUS_INVALID_LENGTH;
    }
    return ExampleVfConfigTransfer(Adapter, TRUE, params->VFId, params->Offset, params->Length,
                                   params->BufferOffset, (PUCHAR)params, bufferLength,
                                   &NdisRequest->DATA.SET_INFORMATION.BytesNeeded,
                                   &NdisRequest->DATA.SET_INFORMATION.BytesRead);
}

/* A method OID: the parameters come in the input part of the buffer, the data
 * goes back in the same buffer (OutputBufferLength bytes). */
static NDIS_STATUS ExampleReadVfConfigSpace(PEXAMPLE_ADAPTER Adapter,
                                            PNDIS_OID_REQUEST NdisRequest) {
    PNDIS_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS params =
        ExampleOidParameters(NdisRequest->DATA.METHOD_INFORMATION.InformationBuffer,
                             NdisRequest->DATA.METHOD_INFORMATION.InputBufferLength,
                             NDIS_SIZEOF_SRIOV_READ_VF_CONFIG_SPACE_PARAMETERS_REVISION_1,
                             &NdisRequest->DATA.METHOD_INFORMATION.BytesNeeded);

    if (params == NULL) {
        return NDIS_STATUS_INVALID_LENGTH;
    }
    return ExampleVfConfigTransfer(Adapter, FALSE, params->VFId, params->Offset, params->Length,
                                   params->BufferOffset, (PUCHAR)params,
                                   NdisRequest->DATA.METHOD_INFORMATION.OutputBufferLength,
                                   &NdisRequest->DATA.METHOD_INFORMATION.BytesNeeded,
                                   &NdisRequest->DATA.METHOD_INFORMATION.BytesWritten);
}

NDIS_STATUS ExampleMiniportOidRequest(NDIS_HANDLE MiniportAdapterContext,
                                      PNDIS_OID_REQUEST NdisRequest) {
    PEXAMPLE_ADAPTER adapter = (PEXAMPLE_ADAPTER)MiniportAdapterContext;

    if (adapter == NULL) {
        adapter = &g_Adapter;
    }
    switch (NdisRequest->RequestType) {
    case NdisRequestSetInformation:
        if (NdisRequest->DATA.SET_INFORMATION.Oid == OID_SRIOV_WRITE_VF_CONFIG_SPACE) {
            return ExampleWriteVfConfigSpace(adapter, NdisRequest);
        }
        break;
    case NdisRequestMethod:
        if (NdisRequest->DATA.METHOD_INFORMATION.Oid == OID_SRIOV_READ_VF_CONFIG_SPACE) {
            return ExampleReadVfConfigSpace(adapter, NdisRequest);
        }
        break;
    default:
        break;
    }
    return NDIS_STATUS_NOT_SUPPORTED;
}
