# accept: QEMU's own bios-tables-test DMAR configuration (tests/data/acpi/x86/q35/DMAR.dmar)
qemu-system-x86_64 \
  -machine q35,kernel-irqchip=split \
  -device intel-iommu,intremap=on,device-iotlb=on \
  -net none
