package dev.synergen.core.io;

/** Element types of the safetensors format, with their byte widths. */
public enum SafetensorsDType {
  F64(8), F32(4), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

  private final int bytes;

  SafetensorsDType(int bytes) {
    this.bytes = bytes;
  }

  public int bytes() {
    return bytes;
  }
}
