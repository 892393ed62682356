# accept: QEMU's bios-tables-test IVRS configuration (entries 00.0 01.0 02.0 1f.0 1f.2 1f.3 + IOAPIC)
qemu-system-x86_64 \
  -machine q35,kernel-irqchip=split \
  -device amd-iommu,intremap=on \
  -net none
