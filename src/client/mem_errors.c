/*
 * mem_errors.c - readable names of MEM_E_* and MOD_E_* codes.  Client
 * library, so the names cost the resident module nothing.
 */
#include "memory_api.h"
#include "module_abi.h"

struct err_name {
    int code;
    const char *name;
};

static const struct err_name names[] = {
    { MEM_OK, "MEM_OK" },
    { MEM_E_INVAL, "MEM_E_INVAL" },
    { MEM_E_NOMEM, "MEM_E_NOMEM" },
    { MEM_E_SIZE, "MEM_E_SIZE" },
    { MEM_E_ALIGN, "MEM_E_ALIGN" },
    { MEM_E_BOUNDARY, "MEM_E_BOUNDARY" },
    { MEM_E_BADPTR, "MEM_E_BADPTR" },
    { MEM_E_DOUBLEFREE, "MEM_E_DOUBLEFREE" },
    { MEM_E_WRONGPOOL, "MEM_E_WRONGPOOL" },
    { MEM_E_CORRUPT, "MEM_E_CORRUPT" },
    { MEM_E_BUSY, "MEM_E_BUSY" },
    { MEM_E_NOTSUP, "MEM_E_NOTSUP" },
    { MEM_E_STATE, "MEM_E_STATE" },
    { MEM_E_LIMIT, "MEM_E_LIMIT" },
    { MEM_E_V86NOVDS, "MEM_E_V86NOVDS" },
    { MEM_E_VDS, "MEM_E_VDS" },
    { MEM_E_NOBOUNCE, "MEM_E_NOBOUNCE" },
    { MEM_E_HANDLES, "MEM_E_HANDLES" },
    { MEM_E_NOXMS, "MEM_E_NOXMS" },
    { MEM_E_RANGE, "MEM_E_RANGE" },
    { MEM_E_DOS, "MEM_E_DOS" },
    { MEM_E_XMS_NOT_IMPLEMENTED, "MEM_E_XMS_NOT_IMPLEMENTED" },
    { MEM_E_XMS_VDISK, "MEM_E_XMS_VDISK" },
    { MEM_E_XMS_A20, "MEM_E_XMS_A20" },
    { MEM_E_XMS_GENERAL, "MEM_E_XMS_GENERAL" },
    { MEM_E_XMS_UNRECOVERABLE, "MEM_E_XMS_UNRECOVERABLE" },
    { MEM_E_XMS_NO_HMA, "MEM_E_XMS_NO_HMA" },
    { MEM_E_XMS_HMA_IN_USE, "MEM_E_XMS_HMA_IN_USE" },
    { MEM_E_XMS_HMA_TOO_SMALL, "MEM_E_XMS_HMA_TOO_SMALL" },
    { MEM_E_XMS_HMA_NOT_ALLOC, "MEM_E_XMS_HMA_NOT_ALLOC" },
    { MEM_E_XMS_A20_STILL_ON, "MEM_E_XMS_A20_STILL_ON" },
    { MEM_E_XMS_NO_MEMORY, "MEM_E_XMS_NO_MEMORY" },
    { MEM_E_XMS_NO_HANDLES, "MEM_E_XMS_NO_HANDLES" },
    { MEM_E_XMS_BAD_HANDLE, "MEM_E_XMS_BAD_HANDLE" },
    { MEM_E_XMS_BAD_SRC_HANDLE, "MEM_E_XMS_BAD_SRC_HANDLE" },
    { MEM_E_XMS_BAD_SRC_OFFSET, "MEM_E_XMS_BAD_SRC_OFFSET" },
    { MEM_E_XMS_BAD_DST_HANDLE, "MEM_E_XMS_BAD_DST_HANDLE" },
    { MEM_E_XMS_BAD_DST_OFFSET, "MEM_E_XMS_BAD_DST_OFFSET" },
    { MEM_E_XMS_BAD_LENGTH, "MEM_E_XMS_BAD_LENGTH" },
    { MEM_E_XMS_BAD_OVERLAP, "MEM_E_XMS_BAD_OVERLAP" },
    { MEM_E_XMS_PARITY, "MEM_E_XMS_PARITY" },
    { MEM_E_XMS_NOT_LOCKED, "MEM_E_XMS_NOT_LOCKED" },
    { MEM_E_XMS_LOCKED, "MEM_E_XMS_LOCKED" },
    { MEM_E_XMS_LOCK_OVERFLOW, "MEM_E_XMS_LOCK_OVERFLOW" },
    { MEM_E_XMS_LOCK_FAILED, "MEM_E_XMS_LOCK_FAILED" },
    { MEM_E_XMS_UMB_SMALLER, "MEM_E_XMS_UMB_SMALLER" },
    { MEM_E_XMS_NO_UMB, "MEM_E_XMS_NO_UMB" },
    { MEM_E_XMS_BAD_UMB, "MEM_E_XMS_BAD_UMB" },
    { MOD_E_OPEN, "MOD_E_OPEN" },
    { MOD_E_READ, "MOD_E_READ" },
    { MOD_E_TRUNC, "MOD_E_TRUNC" },
    { MOD_E_MAGIC, "MOD_E_MAGIC" },
    { MOD_E_VERSION, "MOD_E_VERSION" },
    { MOD_E_SIZE, "MOD_E_SIZE" },
    { MOD_E_CHECKSUM, "MOD_E_CHECKSUM" },
    { MOD_E_CPU, "MOD_E_CPU" },
    { MOD_E_NOMEM, "MOD_E_NOMEM" },
    { MOD_E_INIT, "MOD_E_INIT" },
    { MOD_E_API, "MOD_E_API" }
};

const char *mem_error_name(int err)
{
    unsigned i;
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (names[i].code == err)
            return names[i].name;
    return "MEM_E_UNKNOWN";
}
