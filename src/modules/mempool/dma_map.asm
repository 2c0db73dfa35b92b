; dma_map.asm - mem_dma_map / mem_dma_sync / mem_dma_unmap and the unload
; hook that gives back the VDS regions mappings still hold.  The MAP group
; of the resident design: self-contained, so that it can be moved as one
; piece; it calls only NASM routines of the core (the far entries
; mem_dma_alloc / mem_dma_free for a bounce, dma_fast.asm; ops_fwd in
; memory_ops.asm) and VDS (INT 4Bh), and keeps its
; own data (the DDS, the region being mapped, the table of held regions)
; between dma_map_data_beg and dma_map_data_end.  It reads the core's DMA
; data (dma_seg, dma: dma_priv.h, mirrored in dma_fast.inc) and a tag's
; record in the tag's arena.
; C twins: dma_map_c.c (host tests; src/port/host/dma_host.c).
;
; Task entries (api.def kind asm, context task): far, on the caller's
; stack, arguments from [sp+4]; SI DI BP DS kept, AX BX CX DX ES scratch.
; What the C gate gives a task entry, they do themselves (TASK_IN /
; TASK_OUT): MEM_E_BUSY (DX = 0), without running, while another task call
; runs or inside a NIC ISR's mem_isr_enter / mem_isr_leave bracket, and
; _gate_depth held while they run, so that no other task call starts
; inside them either.  They use at most 44 bytes of the caller's stack,
; plus what INT 4Bh takes (a V86 provider traps it: 6 bytes).
; Interrupts are never disabled here except inside mem_dma_alloc /
; mem_dma_free (the pop or push of a bounce, 29 / 22 clocks); VDS is called with
; interrupts as the caller has them.
;
; How a buffer is mapped (memory_api.h):
;   real mode (or V86 without VDS, system DMA only): in place when
;     [lin, lin+len) meets the tag (alignment, boundary, limit) and a bus
;     master is not handed upper memory; else a bounce;
;   V86 with VDS: lock it (8103h, no provider buffer, the tag's boundary
;     flag); kept when the physical range meets the tag and the table of
;     held regions has room (MEM_DMA_MAP_LOCKED), else unlocked; when the
;     provider says "not contiguous" or "crosses a boundary", its own
;     buffer (8107h) under the same conditions (MEM_DMA_MAP_VDSBUF); else
;     a bounce.
;   A bounce is one of the tag's buffers (mem_dma_alloc); MEM_E_NOBOUNCE when
;   none is free.

cpu 286
%include "dma_fast.inc"

extern _dma_seg, _dma, _gate_depth
extern _mod_dma_alloc, _mod_dma_free, ops_fwd

MEM_E_BUSY  equ -10

; A region (12 bytes, DMA_VH_BYTES): the one being mapped or unmapped
; (mrec) and every record of the held table (vheld) alike.
VH_LIN      equ 0       ; u32 linear address (24 bits used) ...
VH_HOW      equ 3       ; u8 ... whose top byte is how: 0 free,
                        ;    MEM_DMA_MAP_LOCKED / _VDSBUF (held table)
VH_PHYS     equ 4       ; u32
VH_LEN      equ 8
VH_BUFID    equ 10
VH_BYTES    equ DMA_VH_BYTES

; the DDS (RBIL 03221)
DDS_SIZE    equ 0       ; u32
DDS_OFF     equ 4       ; u32
DDS_SEG     equ 8
DDS_BUFID   equ 10
DDS_PHYS    equ 12      ; u32

; TASK_IN busy - the C gate's refusals and its hold, for a far task entry:
; _gate_depth goes from 0 to 1 and back (an interrupt handler that calls a
; task entry meanwhile finds it 1, is refused and changes nothing).
; Clocks (286): 6+3+3 = 12, TASK_OUT 3.
%macro TASK_IN 1
    cmp word [cs:_gate_depth], 0    ; 6  another task call runs, or an ISR
    jne %1                          ; 3  is inside its bracket (the byte
    mov byte [cs:_gate_depth], 1    ; 3  after it, _mod_isr_depth; %1: in
%endmacro                           ;    front of the entry, short reach)
%macro TASK_OUT 0
    mov byte [cs:_gate_depth], 0    ; 3
%endmacro

section .text

dma_map_data_beg:
dds:        times 16 db 0
mrec:       times VH_BYTES db 0
m_arena:    dw 0                ; the tag's arena while mem_dma_map runs VDS
vheld:      times DMA_VHELD * VH_BYTES db 0
vheld_end:
dma_map_data_end:

task_busy:
    mov ax, MEM_E_BUSY
    xor dx, dx
    retf

; ------------------------------------------------------------- helpers

; vreg - VDS function AX on the region at DS:SI (DS = CS): the DDS names it
; as a normalised seg:off (offset < 16, as every lock and its unlock must
; name a region alike), its size, buffer id and physical address; what the
; provider returns in those two is copied back into the region.
; C twin: dds_set() + dma_vds() (dma_setup.c).
; In: AX = function, DX = flags, DS:SI -> region (DS = CS).  INT 4Bh gets
; BX:CX = 0 (the offset of 8109h / 810Ah).
; Out: CF = 0 done; CF = 1 refused, AL = the VDS error.
; Modifies: AX BX CX DX DI ES flags.  Context: task.
vreg:
    push ds
    pop es
    mov di, dds
    mov bx, ax
    cld
    mov ax, [si+VH_LEN]
    stosw                       ; size
    xor ax, ax
    stosw
    mov ax, [si+VH_LIN]
    and ax, 15
    stosw                       ; offset
    xor ax, ax
    stosw
    mov ax, [si+VH_LIN]
    mov cx, [si+VH_LIN+2]
    shr ax, 4
    shl cx, 12                  ; (how, in the top byte, drops out)
    or ax, cx
    stosw                       ; segment
    mov ax, [si+VH_BUFID]
    stosw
    mov ax, [si+VH_PHYS]
    stosw
    mov ax, [si+VH_PHYS+2]
    stosw
    mov di, dds
    mov ax, bx
    xor bx, bx
    xor cx, cx
    push si
    push bp
    push ds
    int 4Bh
    pop ds
    pop bp
    pop si
    mov bx, [dds+DDS_PHYS]      ; MOVs keep CF and AL
    mov [si+VH_PHYS], bx
    mov bx, [dds+DDS_PHYS+2]
    mov [si+VH_PHYS+2], bx
    mov bx, [dds+DDS_BUFID]
    mov [si+VH_BUFID], bx
    ret

; lin_of - the linear address of the far pointer BX:AX (off:seg).
; In: AX = segment, BX = offset.  Out: DX:AX.  Modifies: AX DX flags.
lin_of:
    rol ax, 4
    mov dx, ax
    and dx, 0Fh
    and al, 0F0h
    add ax, bx
    adc dx, 0
    ret

; map_rec - mrec = the region of the mapping at ES:DI (its buffer's linear
; address, phys, len, vds_id as the buffer id).
; C twin: the dds_set(fp_lin(m.buf), m.len) calls in dma_map_c.c.
; In: ES:DI -> struct mem_dma_map, DS = CS.  Out: mrec, SI -> it.
; Modifies: AX BX DX SI flags.  Context: task.
map_rec:
    mov si, mrec
    mov ax, [es:di+MAP_BUF+2]
    mov bx, [es:di+MAP_BUF]
    call lin_of
    mov [si+VH_LIN], ax
    mov [si+VH_LIN+2], dx
    mov ax, [es:di+MAP_PHYS]
    mov [si+VH_PHYS], ax
    mov ax, [es:di+MAP_PHYS+2]
    mov [si+VH_PHYS+2], ax
    mov ax, [es:di+MAP_LEN]
    mov [si+VH_LEN], ax
    mov ax, [es:di+MAP_VDS_ID]
    mov [si+VH_BUFID], ax
    ret

; meets - does [DX:AX, +CX) meet the tag whose record is at ES:0
; (alignment, no boundary crossed, last byte at most max_addr, no wrap past
; 4 GB)?
; C twin: dma_meets() in dma_setup.c.
; In: DX:AX = physical address, CX = length (>= 1), ES = the arena.
; Out: CF = 0 yes, CF = 1 no.  Modifies: CX DI flags.  Context: any.
; (mem_dma_map's in-place path has the same checks inline.)
meets:
    test ax, [es:DH_AMASK]
    jnz .no
    mov di, cx
    dec di
    add di, ax                  ; CX:DI = the last byte
    mov cx, dx
    adc cx, 0
    jc .no                      ; past 4 GB
    cmp cx, [es:DH_MAX_ADDR+2]
    ja .no
    jb .bnd
    cmp di, [es:DH_MAX_ADDR]
    ja .no
.bnd:
    xor di, ax                  ; first ^ last < boundary: the same window
    xor cx, dx
    cmp cx, [es:DH_BOUNDARY+2]
    ja .no
    jb .yes
    cmp di, [es:DH_BOUNDARY]
    jae .no
.yes:
    clc
    ret
.no:
    stc
    ret

; vheld_add - record the region mrec as held, how AL.
; C twin: vheld_add() in dma_map_c.c.
; In: AL = how, DS = CS.  Out: CX = its record number (1..DMA_VHELD),
; ZF = 0; CX = 0, ZF = 1 when the table is full.
; Modifies: CX ES flags.  Context: task.
vheld_add:
    push si
    push di
    mov di, vheld
    mov cx, 1
.next:
    cmp byte [di+VH_HOW], 0
    je .take
    add di, VH_BYTES
    inc cx
    cmp cx, DMA_VHELD
    jbe .next
    xor cx, cx
    jmp short .out
.take:
    push cx
    push ds
    pop es
    mov si, mrec
    cld
    mov cx, VH_BYTES / 2
    rep movsw
    mov [di-VH_BYTES+VH_HOW], al
    pop cx
    test cx, cx
.out:
    pop di
    pop si
    ret

; vheld_drop - forget held record CX when it holds how AL for the region
; mrec (a stale or forged number is ignored).
; C twin: vheld_drop() in dma_map_c.c.
; In: CX = record number, AL = how, DS = CS.  Modifies: CX DI flags.
; Context: task.
vheld_drop:
    dec cx
    cmp cx, DMA_VHELD - 1
    ja .r
    imul di, cx, VH_BYTES
    add di, vheld
    cmp [di+VH_HOW], al
    jne .r
    mov cx, [mrec+VH_LIN]
    cmp [di+VH_LIN], cx
    jne .r
    mov cl, [mrec+VH_LIN+2]
    cmp [di+VH_LIN+2], cl
    jne .r
    mov byte [di+VH_HOW], 0
.r: ret

; ------------------------------------------------------------- entries

; int mem_dma_map(int tag, mem_fp_t buf, mem_u16 len, mem_fp_t map)
; C twin: dma_map_c() in dma_map_c.c.
; In:  [sp+4] tag, [sp+6] buf (off, seg), [sp+10] len, [sp+12] map (off,
;      seg).
; Out: AX = MEM_OK and *map filled (struct mem_dma_map); MEM_E_INVAL (no
;      such tag, null map or buf), MEM_E_BADPTR (the tag's record in its
;      arena no longer adds up: dma_priv.h), MEM_E_SIZE (len 0 or above
;      the tag's max_size), MEM_E_NOBOUNCE (a bounce is needed, none
;      free), MEM_E_BUSY (TASK_IN).
; Modifies: AX BX CX DX ES flags.  Context: task; VDS under V86.
; Clocks (286, real mode, a bus master's buffer in place, from the entry
;   through RETF): make bench dma_map_inplace, less the stub and the call.
; Frame: [bp+12] tag, [bp+14] buf, [bp+18] len, [bp+20] map (SI DI DS BP
; saved below them); DS = the arena (the tag's record) from the look-up on.
; Every conditional jump of the in-place path falls through: a taken one,
; or one NASM turns into a jump around a JMP when its target lies out of
; reach, costs 5 to 10 clocks more; so the refusals sit in front.
map_busy:
    jmp task_busy
map_out:
    pop bp
    jmp ..@task_out
global _mod_dma_map
_mod_dma_map:
    TASK_IN map_busy
    push si
    push di
    push ds
    push bp
    mov bp, sp
    mov ax, MEM_E_INVAL
    cmp word [bp+16], 0
    je map_out                  ; no buffer
    cmp word [bp+22], 0
    je map_out                  ; no map
    mov bx, [bp+12]
    cmp bx, MEM_DMA_TAGS
    ja map_out
    shl bx, 1
    mov dx, [cs:bx+_dma_seg]    ; the live tag's arena, 0 = none
    test dx, dx
    jz map_out
    mov ds, dx
    mov ax, [DH_COUNT]          ; the record adds up
    xor ax, [DH_COUNT+2]
    xor ax, [DH_COUNT+4]
    xor ax, [DH_COUNT+6]
    xor ax, [DH_COUNT+8]
    xor ax, [DH_COUNT+10]
    xor ax, [DH_COUNT+12]
    xor ax, [DH_COUNT+14]
    xor ax, [DH_COUNT+16]
    xor ax, [DH_CHECK]
    cmp ax, DH_SEED
    mov ax, MEM_E_BADPTR
    jne map_out
    mov cx, [bp+18]             ; len
    mov al, MEM_E_SIZE & 0FFh   ; (AH is FFh already)
    jcxz map_out
    cmp cx, [DH_MAX_SIZE]
    ja map_out
    mov ax, [bp+16]
    mov bx, [bp+14]
    call lin_of                 ; DX:AX = the buffer's linear address
    test byte [cs:_dma+DS_USE_VDS], 0FFh
    jnz .to_vds
    ; real mode: linear is physical; does it meet the tag?
    test ax, [DH_AMASK]         ; aligned
    jnz .bounce
    mov di, cx
    dec di
    add di, ax
    mov cx, dx
    adc cx, 0                   ; CX:DI = the last byte (below 110000h)
    cmp cx, [DH_MAX_ADDR+2]
    jae .maxchk                 ; (high words equal or above: rare)
.maxok:
    xor cx, dx                  ; first ^ last < boundary: one window
    cmp cx, [DH_BOUNDARY+2]
    jae .bndchk                 ; (boundaries below 64 KB)
.meets:
    test byte [DH_CFLAGS], MEM_DMA_F_BUSMASTER
    jz .inplace
    cmp dx, 0Ah                 ; a bus master never gets upper memory
    jae .bounce                 ; in place without a VDS lock
.inplace:
    mov si, MEM_DMA_MAP_INPLACE
    xor cx, cx                  ; bounce
    xor bx, bx                  ; vds_id
; Every way out: DS = the arena, phys DX:AX, how SI, bounce or record CX,
; vds_id BX.
.held:
    inc word [DH_MAPS]
    les di, [bp+20]
    cld
    stosw                       ; phys
    xchg ax, dx
    stosw
    mov ax, [bp+14]              ; buf
    stosw
    mov ax, [bp+16]
    stosw
    mov ax, [bp+18]             ; len
    stosw
    mov ax, [bp+12]              ; tag
    stosw
    xchg ax, si                 ; how
    stosw
    xchg ax, cx                 ; bounce / record
    stosw
    xchg ax, bx                 ; vds_id
    stosw
    mov ax, DMA_MAP_MAGIC
    stosw
    xor ax, ax
.out:
    pop bp
    jmp ..@task_out
.to_vds:
    jmp .vds
.maxchk:
    ja .bounce
    cmp di, [DH_MAX_ADDR]
    ja .bounce
    jmp .maxok
.bndchk:
    ja .bounce
    xor di, ax
    cmp di, [DH_BOUNDARY]
    jb .meets
.bounce:
    sub sp, 12                  ; a struct mem_dma_buf, from
    mov ax, sp
    push ss
    push ax
    push word [bp+12]
    push cs
    call _mod_dma_alloc         ; mem_dma_alloc(tag, &it)
    mov bx, sp
    mov dx, [ss:bx+6+DE_PHYS+2]
    mov cx, [ss:bx+6+DE_HANDLE]
    mov bx, [ss:bx+6+DE_PHYS]
    add sp, 6 + 12
    test ax, ax
    mov ax, MEM_E_NOBOUNCE
    jnz .out
    xchg ax, bx                 ; DX:AX = phys
    inc word [DH_BOUNCES]
    mov si, MEM_DMA_MAP_BOUNCE
    xor bx, bx
    jmp .held

; V86 with VDS: DX:AX = linear, CX = len, DS = the arena.
.vds:
    mov [cs:m_arena], ds
    push cs
    pop ds
    mov si, mrec
    mov [si+VH_LIN], ax
    mov [si+VH_LIN+2], dx
    mov [si+VH_LEN], cx
    xor ax, ax
    mov [si+VH_PHYS], ax
    mov [si+VH_PHYS+2], ax
    mov [si+VH_BUFID], ax
    mov es, [m_arena]           ; the lock's flags: no provider buffer
    mov dx, VDS_F_NOBUF         ; behind our back, no automatic remap for
    test byte [es:DH_CFLAGS], MEM_DMA_F_BUSMASTER ; a bus master, the
    jz .lf                      ; boundary VDS can say
    or dl, VDS_F_NOREMAP
.lf:
    mov ax, [es:DH_BOUNDARY+2]  ; a power of two: 1 = 10000h, 2 = 20000h
    cmp ax, 1
    ja .b128
    or dl, VDS_F_NO64K
    jmp short .lk
.b128:
    cmp ax, 2
    jne .lk
    or dl, VDS_F_NO128K
.lk:
    mov ax, 8103h               ; lock
    call vreg
    jc .lockfail
    mov word [si+VH_BUFID], 0   ; a lock holds no buffer
    mov al, MEM_DMA_MAP_LOCKED
    call .keep
    mov ax, 8104h               ; no: unlock, the DDS as the lock left it
    jmp .vgive
.lockfail:
    cmp al, VDS_E_NOTCONTIG
    je .vbuf
    cmp al, VDS_E_CROSSED
    jne .vbounce
.vbuf:
    xor ax, ax                  ; the provider's own buffer
    mov [si+VH_PHYS], ax
    mov [si+VH_PHYS+2], ax
    mov [si+VH_BUFID], ax
    mov ax, 8107h
    xor dx, dx
    call vreg
    jc .vbounce
    mov al, MEM_DMA_MAP_VDSBUF
    call .keep
    mov ax, 8108h               ; no: give it back
.vgive:
    xor dx, dx
    call vreg
.vbounce:
    mov ds, [m_arena]
    jmp .bounce

; .keep - the region mrec, held how AL, kept when it meets the tag and the
; table has room: then out through .held (the return address dropped);
; else back to the caller.
.keep:
    mov bl, al
    mov es, [m_arena]
    mov ax, [si+VH_PHYS]
    mov dx, [si+VH_PHYS+2]
    mov cx, [si+VH_LEN]
    call meets
    jc .kr
    mov al, bl
    call vheld_add              ; CX = the record
    jz .kr
    pop ax                      ; (the return address)
    xor bh, bh
    mov si, bx                  ; how
    xor bx, bx
    cmp si, MEM_DMA_MAP_LOCKED
    je .k1
    mov bx, [mrec+VH_BUFID]     ; vds_id
.k1:
    mov ax, [mrec+VH_PHYS]
    mov dx, [mrec+VH_PHYS+2]
    mov ds, [m_arena]
    jmp .held
.kr:
    ret

; int mem_dma_sync(mem_fp_t map, int dir)
; C twin: dma_sync_c() in dma_map_c.c.
; In:  [sp+4] map (off, seg), [sp+8] dir (MEM_DMA_TO_DEVICE /
;      MEM_DMA_FROM_DEVICE).
; Out: AX = MEM_OK; MEM_E_BADPTR (not a live mapping, or its bounce is not
;      an allocated buffer of its tag that holds len bytes), MEM_E_INVAL
;      (dir), MEM_E_VDS (the provider refused the copy), MEM_E_BUSY
;      (TASK_IN).
; Modifies: AX BX CX DX ES flags.  Context: task.  A bounce is copied by
;      the module's copy kernel (ops_fwd: words on a 286, dwords on a
;      386+), interrupts enabled; a VDS buffer by 8109h/810Ah.
; Clocks (286, a bounce to the device): make bench dma_sync_bounce1514.
sync_busy:
    jmp task_busy
sync_inval:
    mov ax, MEM_E_INVAL
    jmp ..@task_out
sync_notbounce:
    jmp _mod_dma_sync.notbounce
sync_badptr:
    mov ax, MEM_E_BADPTR
    jmp ..@task_out
global _mod_dma_sync, dma_sync_site, dma_sync_site386
dma_sync_site    equ _mod_dma_sync.site     ; for cpu_init.asm (init only)
dma_sync_site386 equ _mod_dma_sync.site386
_mod_dma_sync:
    TASK_IN sync_busy
    push si
    push di
    push ds
    mov si, sp                  ; [si+10] map, [si+14] dir
    les di, [ss:si+10]
    mov ax, es
    test ax, ax
    jz sync_badptr
    cmp word [es:di+MAP_MAGIC], DMA_MAP_MAGIC
    jne sync_badptr
    mov bx, [es:di+MAP_TAG]
    cmp bx, MEM_DMA_TAGS
    ja sync_badptr
    shl bx, 1
    mov dx, [cs:bx+_dma_seg]    ; the arena
    test dx, dx
    jz sync_badptr
    mov bx, [ss:si+14]
    dec bx                      ; 0 to the device, 1 from it
    cmp bx, MEM_DMA_FROM_DEVICE - 1
    ja sync_inval
    mov ax, [es:di+MAP_HOW]
    cmp ax, MEM_DMA_MAP_BOUNCE
    jne sync_notbounce
    mov cx, [es:di+MAP_LEN]
    mov ax, [es:di+MAP_BOUNCE]
    lds si, [es:di+MAP_BUF]     ; DS:SI = the caller's buffer
    mov es, dx                  ; ES = the arena
    cmp ah, [es:DH_TAG]         ; a buffer of this tag,
    jne sync_badptr
    cmp al, [es:DH_COUNT]
    jae sync_badptr
    cmp cx, [es:DH_BSIZE]       ; big enough,
    ja sync_badptr
    mov dx, bx
    mov bl, al
    xor bh, bh
    shl bx, 1
    mov bx, [es:bx+DH_ETAB]     ; allocated (its entry; 0 when free)
    test bx, bx
    jz .badptr
    les di, [es:bx+DE_BUF]      ; ES:DI = the bounce
    cld
    ; The common frame on a 286: both offsets and the length even, and
    ; the caller's buffer not reaching its segment's end (the bounce is
    ; normalised, offset < 16, and len <= its size): one REP MOVSW, either
    ; way.  Anything else, and every frame on a 386 (its copy core moves
    ; dwords), through the copy core: cpu_init.asm writes the 386 form of
    ; the site, a short jump to .core, at init.
.site:
    mov ax, si                  ; 2  (386: JMP SHORT .core)
    or ax, di                   ; 2
    or ax, cx                   ; 2
    test al, 1                  ; 3
    jnz .core                   ; 3
    mov ax, si                  ; 2
    add ax, cx                  ; 2
    jc .core                    ; 3
    shr cx, 1                   ; 2
    test dx, dx                 ; 2
    jnz .fromw                  ; 3
    rep movsw                   ; caller -> bounce
.done:
    xor ax, ax                  ; the way out of ..@task_ok, in line
    pop ds
    pop di
    pop si
    TASK_OUT
    retf
.fromw:
    xchg si, di                 ; bounce -> caller
    push ds
    push es
    pop ds
    pop es
    rep movsw
    jmp short .done
.site386:                       ; the 386 form of .site: JMP SHORT .core
    db 0EBh, .core - (.site + 2)
.core:
    test dx, dx
    jnz .from
.copy:
    call ops_fwd
; The task entries' way out (every one saved SI DI DS in this order).
..@task_ok:
    xor ax, ax
..@task_out:
    pop ds
    pop di
    pop si
    TASK_OUT
    retf
.from:
    push ds                     ; from the device: bounce -> caller
    push es
    pop ds
    pop es
    xchg si, di
    jmp .copy
.badptr:
    jmp sync_badptr
.notbounce:
    cmp ax, MEM_DMA_MAP_VDSBUF
    je .vdsbuf
    dec ax
    cmp ax, MEM_DMA_MAP_BOUNCE - 1
    ja .badptr                  ; not a way a mapping is made
    jmp ..@task_ok                 ; in place or locked: nothing to copy
.vdsbuf:
    push cs
    pop ds
    mov cx, bx                  ; 0 to the device
    call map_rec
    mov ax, 8109h               ; copy into the buffer, BX:CX = offset 0
    jcxz .vcopy
    mov ax, 810Ah               ; copy out of it
.vcopy:
    xor dx, dx
    call vreg
    mov ax, MEM_E_VDS
    jc ..@task_out
    jmp ..@task_ok

; int mem_dma_unmap(mem_fp_t map)
; C twin: dma_unmap_c() in dma_map_c.c.
; In:  [sp+4] map (off, seg).
; Out: AX = MEM_OK; MEM_E_BADPTR (not a live mapping, or a bounce that is
;      not its tag's), MEM_E_BUSY (TASK_IN).  The mapping's magic is
;      cleared, its bounce pushed back (mem_dma_free), its VDS lock or buffer
;      given back (8104h / 8108h) and its held-region record forgotten.
; Modifies: AX BX CX DX ES flags.  Context: task.
; Clocks (286, a bounce): make bench dma_unmap.
unmap_busy:
    jmp task_busy
unmap_badptr:
    jmp sync_badptr
global _mod_dma_unmap
_mod_dma_unmap:
    TASK_IN unmap_busy
    push si
    push di
    push ds
    mov si, sp                  ; [si+10] map
    les di, [ss:si+10]
    mov ax, es
    test ax, ax
    jz unmap_badptr
    cmp word [es:di+MAP_MAGIC], DMA_MAP_MAGIC
    jne unmap_badptr
    mov bx, [es:di+MAP_TAG]
    cmp bx, MEM_DMA_TAGS
    ja unmap_badptr
    shl bx, 1
    mov dx, [cs:bx+_dma_seg]    ; the arena
    test dx, dx
    jz unmap_badptr
    mov ax, [es:di+MAP_HOW]
    dec ax
    cmp ax, MEM_DMA_MAP_VDSBUF - 1
    ja unmap_badptr
    inc ax
    mov cx, [es:di+MAP_BOUNCE]
    cmp al, MEM_DMA_MAP_BOUNCE
    jne .clear
    cmp ch, [es:di+MAP_TAG]
    jne unmap_badptr
.clear:
    mov word [es:di+MAP_MAGIC], 0
    mov ds, dx
    dec word [DH_MAPS]
    cmp al, MEM_DMA_MAP_BOUNCE
    je .bounce
    cmp al, MEM_DMA_MAP_INPLACE
    je ..@task_ok
    push cs                     ; locked or a VDS buffer
    pop ds
    push cx                     ; its record
    push ax
    call map_rec
    mov ax, 8108h               ; release the buffer
    pop cx
    push cx
    cmp cl, MEM_DMA_MAP_LOCKED
    jne .give
    mov word [si+VH_BUFID], 0   ; a lock holds no buffer
    mov ax, 8104h               ; unlock
.give:
    xor dx, dx
    call vreg
    pop ax
    pop cx
    call vheld_drop
    jmp ..@task_ok
.bounce:
    push cx                     ; mem_dma_free(bounce)
    push cs
    call _mod_dma_free
    pop cx
    jmp ..@task_ok

; void dma_map_release(void)
; The MAP group's unload hook: give back every VDS region a mapping still
; holds (8104h for a lock, 8108h for a provider buffer), whatever the
; caller did not unmap.
; C twin: dma_map_release_c() in dma_map_c.c.
; In: nothing.  Modifies: AX BX CX DX ES flags.  Context: init/task
; (unload, through the C gate: DS = CS).
global _dma_map_release
_dma_map_release:
    push si
    push di
    mov si, vheld
.next:
    mov al, [si+VH_HOW]
    mov bx, 8104h
    cmp al, MEM_DMA_MAP_LOCKED
    je .give
    mov bx, 8108h
    cmp al, MEM_DMA_MAP_VDSBUF
    jne .skip
.give:
    mov ax, bx
    xor dx, dx
    call vreg
.skip:
    mov byte [si+VH_HOW], 0
    add si, VH_BYTES
    cmp si, vheld_end
    jb .next
    pop di
    pop si
    ret
