//! vIOMMU devices: which machines take them, how many, and their options (interrupt
//! remapping, EIM, address width, xtsup), plus device assignment (vfio-pci) behind them.

use crate::engine::catalog::Driver;
use crate::engine::design::{Design, KernelIrqchip, MachineType, OnOffAuto, QemuVersion};
use crate::engine::diagnostics::Diagnostic;
use crate::engine::report::TranslationKind;

use super::facts::{Facts, Root, Viommu};

/// QEMU's message for `intremap=on` with a full in-kernel irqchip under KVM
/// (hw/i386/x86-iommu.c x86_iommu_realize).
pub const IR_KERNEL_IRQCHIP: &str =
    "Interrupt Remapping cannot work with kernel-irqchip=on, please use 'split|off'.";

/// Every vIOMMU-device diagnostic.
pub fn check(facts: &Facts, out: &mut Vec<Diagnostic>) {
    placement(facts.design, out);
    for (index, device) in facts.design.devices.iter().enumerate() {
        match device.driver {
            Driver::IntelIommu => intel_options(facts, index, out),
            Driver::AmdIommu => amd_options(facts, index, out),
            _ => {}
        }
    }
    vfio(facts, out);
}

/// Which machines accept which vIOMMU, and how many.
fn placement(design: &Design, out: &mut Vec<Diagnostic>) {
    let machine = design.machine.machine_type;
    // On virt the machine option counts as the first IOMMU (hw/arm/virt.c
    // virt_machine_device_pre_plug_cb: "virt machine does not support multiple IOMMUs").
    let mut accepted = usize::from(machine == MachineType::Virt && design.machine.iommu_smmuv3);
    for device in &design.devices {
        let node = Some(device.id.as_str());
        match (device.driver, machine) {
            // hw/i386/pc_q35.c pc_q35_machine_options: machine_class_allow_dynamic_sysbus_dev
            // for intel-iommu / amd-iommu; i440FX allows none (system/qdev-monitor.c
            // qdev_device_add_from_qdict).
            (Driver::IntelIommu | Driver::AmdIommu, MachineType::Pc) => {
                out.push(Diagnostic::error(
                    "viommu-needs-q35",
                    "Parameter 'driver' expects a dynamic sysbus device type for the machine",
                    node,
                ));
            }
            // qemu-system-aarch64 is built without the x86 vIOMMUs (hw/i386/Kconfig):
            // system/qdev-monitor.c qdev_get_device_class.
            (Driver::IntelIommu | Driver::AmdIommu, MachineType::Virt) => {
                out.push(Diagnostic::error(
                    "viommu-not-on-arm",
                    format!(
                        "'{}' is not a valid device model name",
                        device.driver.name()
                    ),
                    node,
                ));
            }
            (Driver::IntelIommu | Driver::AmdIommu | Driver::VirtioIommuPci, _) => {
                if accepted > 0 {
                    out.push(if machine == MachineType::Virt {
                        // hw/arm/virt.c virt_machine_device_pre_plug_cb
                        Diagnostic::error(
                            "virt-multiple-iommus",
                            "virt machine does not support multiple IOMMUs",
                            node,
                        )
                    } else {
                        // hw/i386/pc.c pc_machine_device_pre_plug_cb (x86_iommu_get_default)
                        Diagnostic::error(
                            "multiple-viommus",
                            "QEMU does not support multiple vIOMMUs for x86 yet.",
                            node,
                        )
                    });
                }
                accepted += 1;
            }
            _ => {}
        }
    }
}

/// Interrupt remapping vs the irqchip, shared by intel-iommu and amd-iommu.
///
/// hw/i386/x86-iommu.c x86_iommu_realize: `intremap=on` with a full in-kernel irqchip is
/// refused. That reads kvm_irqchip_in_kernel(), false under TCG: with TCG (QEMU's default, and
/// how our tests run the emitted line) QEMU starts, so without `accel=kvm` this is a warning
/// about what KVM would do; with `accel=kvm` it is QEMU's error. Both checked by running
/// 7.2 and 10.0 with -accel tcg and -accel kvm.
fn interrupt_remapping(facts: &Facts, index: usize, out: &mut Vec<Diagnostic>) {
    let Some(device) = facts.design.devices.get(index) else {
        return;
    };
    let node = Some(device.id.as_str());
    let irqchip = facts.design.machine.kernel_irqchip;
    let full_irqchip = matches!(irqchip, None | Some(KernelIrqchip::On));
    if device.props.intremap == Some(OnOffAuto::On) && full_irqchip {
        if facts.asks_kvm() {
            out.push(Diagnostic::error(
                "intremap-kernel-irqchip",
                IR_KERNEL_IRQCHIP,
                node,
            ));
            return;
        }
        let how = if irqchip.is_none() {
            "kernel-irqchip is not set, and KVM's default on q35 is kernel-irqchip=on"
        } else {
            "kernel-irqchip=on is set"
        };
        out.push(Diagnostic::warning(
            "intremap-needs-split-irqchip",
            format!(
                "intremap=on: {how}. Under TCG QEMU ignores kernel-irqchip and starts, but with \
                 KVM it refuses: \"{IR_KERNEL_IRQCHIP}\" Add -machine kernel-irqchip=split."
            ),
            node,
        ));
    } else if device.props.intremap.is_none_or(|i| i == OnOffAuto::Auto)
        && irqchip == Some(KernelIrqchip::On)
        && !facts.asks_kvm()
    {
        out.push(Diagnostic::info(
            "intremap-auto-depends-on-accel",
            "intremap=auto resolves to on under TCG (interrupt remapping advertised in the \
             ACPI table) but to off under KVM with kernel-irqchip=on: the table differs with \
             the accelerator. Set intremap=on/off (with kernel-irqchip=split) to pin it.",
            node,
        ));
    }
}

/// intel-iommu options: intremap/kernel-irqchip, eim, aw-bits.
fn intel_options(facts: &Facts, index: usize, out: &mut Vec<Diagnostic>) {
    let design = facts.design;
    let Some(device) = design.devices.get(index) else {
        return;
    };
    // Only the accepted vIOMMU gets realized; others already have their error.
    if facts.viommu != Some(Viommu::Intel { device: index }) {
        return;
    }
    let node = Some(device.id.as_str());
    interrupt_remapping(facts, index, out);

    // hw/i386/intel_iommu.c vtd_decide_config: eim=on needs interrupt remapping, and then
    // kvm_irqchip_is_split(). 7.2 checks the split irqchip unconditionally (TCG refuses eim=on);
    // 10.0 only under KVM. Run on both with -accel tcg and -accel kvm.
    if device.props.eim == Some(true) {
        let kvm = facts.asks_kvm();
        let split = design.machine.kernel_irqchip == Some(KernelIrqchip::Split);
        if !facts.intremap_effective(device.props.intremap) {
            out.push(Diagnostic::error(
                "eim-needs-intremap",
                "eim=on cannot be selected without intremap=on",
                node,
            ));
        } else if (kvm && !split) || (!kvm && design.qemu_version == QemuVersion::V7_2) {
            out.push(Diagnostic::error(
                "eim-needs-kvm",
                "eim=on requires accel=kvm,kernel-irqchip=split",
                node,
            ));
        } else if !kvm
            && device.props.intremap.is_none_or(|i| i == OnOffAuto::Auto)
            && matches!(
                design.machine.kernel_irqchip,
                None | Some(KernelIrqchip::On)
            )
        {
            // Under KVM with a full in-kernel irqchip, intremap=auto means off, so eim=on
            // then hits the first check.
            out.push(Diagnostic::warning(
                "eim-needs-split-irqchip",
                "eim=on with intremap=auto: under TCG interrupt remapping is on and QEMU \
                 starts, but under KVM with kernel-irqchip=on (q35's default) intremap=auto \
                 means off and QEMU refuses: \"eim=on cannot be selected without \
                 intremap=on\". Use intremap=on with -machine kernel-irqchip=split.",
                node,
            ));
        }
    }

    // hw/i386/intel_iommu.c vtd_decide_config: only 39 and 48 (legacy mode).
    if let Some(bits) = device.props.aw_bits {
        if bits != 39 && bits != 48 {
            let message = match design.qemu_version {
                QemuVersion::V7_2 => "Supported values for aw-bits are: 39, 48",
                QemuVersion::V10_0 => "Legacy mode: supported values for aw-bits are: 39, 48",
            };
            out.push(Diagnostic::error("aw-bits-unsupported", message, node));
        }
    }
}

/// amd-iommu options: intremap/kernel-irqchip, xtsup.
fn amd_options(facts: &Facts, index: usize, out: &mut Vec<Diagnostic>) {
    let design = facts.design;
    let Some(device) = design.devices.get(index) else {
        return;
    };
    if facts.viommu != Some(Viommu::Amd { device: index }) {
        return;
    }
    interrupt_remapping(facts, index, out);
    // hw/i386/amd_iommu.c amdvi_properties: `xtsup` does not exist in 7.2 (10.0 has it).
    if design.qemu_version == QemuVersion::V7_2 && device.props.xtsup.is_some() {
        out.push(Diagnostic::error(
            "xtsup-needs-newer-qemu",
            "Property 'amd-iommu.xtsup' not found",
            Some(device.id.as_str()),
        ));
    }
}

/// Bus number of a device's bus when vfio-pci is realized (before the firmware runs): a root
/// bus has its number, a bridge's secondary bus is still 0.
fn realize_time_bus(facts: &Facts, index: usize) -> u8 {
    let Some(device) = facts.design.devices.get(index) else {
        return 0;
    };
    let on_root = match &device.bus {
        None => true,
        Some(bus) => {
            bus == facts.machine().root_bus_name()
                || facts
                    .design
                    .device(bus)
                    .is_some_and(|p| p.driver == Driver::PxbPcie)
        }
    };
    if !on_root {
        return 0;
    }
    match facts.root_of(index) {
        Root::Pxb(i) => facts
            .design
            .devices
            .get(i)
            .and_then(|p| p.props.bus_nr)
            .unwrap_or(0),
        _ => 0,
    }
}

/// The `slot.function` of a device, from the topology when resolved, else its `addr=`.
fn devfn_of(facts: &Facts, index: usize) -> Option<(u8, u8)> {
    if let Some(f) = facts
        .topology
        .functions
        .iter()
        .find(|f| f.device_index == Some(index))
    {
        let a = f.addr();
        return Some((a.slot, a.function));
    }
    let addr = facts.design.devices.get(index)?.addr?;
    Some((addr.slot, addr.function))
}

/// vfio-pci (device assignment) with a vIOMMU.
fn vfio(facts: &Facts, out: &mut Vec<Diagnostic>) {
    let Some(viommu) = facts.viommu else {
        return;
    };
    let design = facts.design;
    for (index, device) in design.devices.iter().enumerate() {
        if device.driver != Driver::VfioPci {
            continue;
        }
        let node = Some(device.id.as_str());
        let translated = facts.translation_of(index) == Some(TranslationKind::Iommu);

        // hw/i386/intel_iommu.c vtd_machine_done_notify_one (7.2, 10.0; removed in 10.2):
        // any vfio-pci object without caching-mode=on ends QEMU, bypassed or not.
        if let Viommu::Intel { device: iommu } = viommu {
            let caching = design
                .devices
                .get(iommu)
                .and_then(|d| d.props.caching_mode)
                .unwrap_or(false);
            if !caching {
                out.push(Diagnostic::error(
                    "vfio-needs-caching-mode",
                    "We need to set caching-mode=on for intel-iommu to enable device \
                     assignment with IOMMU protection.",
                    node,
                ));
            }
        }

        // VFIO sets up its DMA container at realize (hw/vfio/pci.c vfio_realize ->
        // pci_device_iommu_address_space); a vIOMMU created later is not there yet, so the
        // container maps all guest RAM and the device's DMA is never translated.
        let before_viommu = viommu.device().is_some_and(|v| index < v);
        if translated && before_viommu {
            out.push(Diagnostic::warning(
                "vfio-before-viommu",
                format!(
                    "vfio-pci '{}' comes before {} on the command line. VFIO sets up the \
                     device's DMA mappings when it is created, before the vIOMMU exists, so \
                     the real device DMAs to guest-physical addresses while the guest (told by \
                     the {} table that it is translated) programs IOVAs: DMA goes to the wrong \
                     memory. Put the vIOMMU before every vfio-pci.",
                    device.id,
                    viommu.name(),
                    viommu.table()
                ),
                node,
            ));
            continue;
        }
        if !translated {
            continue;
        }
        // The vIOMMUs without MAP notifiers refuse a translated vfio-pci when its container
        // registers (hw/i386/amd_iommu.c amdvi_iommu_notify_flag_changed, 7.2 and 10.0;
        // hw/arm/smmuv3.c smmuv3_notify_flag_changed). The bus number is the one at realize.
        let bus = realize_time_bus(facts, index);
        let (slot, function) = devfn_of(facts, index).unwrap_or((0, 0));
        match viommu {
            Viommu::Amd { .. } => out.push(Diagnostic::error(
                "amd-iommu-no-vfio",
                format!(
                    "device {bus:02x}.{slot:02x}.{function:x} requires iommu notifier which is \
                     not currently supported"
                ),
                node,
            )),
            Viommu::Smmuv3 => out.push(Diagnostic::error(
                "smmuv3-no-vfio",
                format!(
                    "device {bus:02x}.{slot:02x}.{function:x} requires iommu MAP notifier \
                     which is not currently supported"
                ),
                node,
            )),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::Case;
    use crate::engine::diagnostics::Severity::{Error, Info, Warning};

    const DYN_SYSBUS: &str =
        "Parameter 'driver' expects a dynamic sysbus device type for the machine";
    const MULTI_X86: &str = "QEMU does not support multiple vIOMMUs for x86 yet.";
    const MULTI_VIRT: &str = "virt machine does not support multiple IOMMUs";
    const CACHING: &str = "We need to set caching-mode=on for intel-iommu to enable device \
                           assignment with IOMMU protection.";

    const CASES: &[Case] = &[
        Case {
            name: "intel-iommu on pc",
            version: "7.2",
            machine: "pc",
            devices: &["intel-iommu,id=iommu"],
            expect: &[(Error, "viommu-needs-q35", DYN_SYSBUS)],
        },
        Case {
            name: "amd-iommu on pc",
            version: "10.0",
            machine: "pc",
            devices: &["amd-iommu,id=iommu"],
            expect: &[(Error, "viommu-needs-q35", DYN_SYSBUS)],
        },
        Case {
            name: "intel-iommu on virt",
            version: "10.0",
            machine: "virt",
            devices: &["intel-iommu,id=iommu"],
            expect: &[(
                Error,
                "viommu-not-on-arm",
                "'intel-iommu' is not a valid device model name",
            )],
        },
        Case {
            name: "amd-iommu on virt",
            version: "7.2",
            machine: "virt",
            devices: &["amd-iommu,id=iommu"],
            expect: &[(
                Error,
                "viommu-not-on-arm",
                "'amd-iommu' is not a valid device model name",
            )],
        },
        Case {
            name: "two x86 vIOMMUs: the second is refused",
            version: "7.2",
            machine: "q35",
            devices: &["intel-iommu,id=a", "amd-iommu,id=b"],
            expect: &[(Error, "multiple-viommus", MULTI_X86)],
        },
        Case {
            name: "virtio-iommu-pci then intel-iommu",
            version: "10.0",
            machine: "q35",
            devices: &["virtio-iommu-pci,id=v,bus=pcie.0", "intel-iommu,id=i"],
            expect: &[(Error, "multiple-viommus", MULTI_X86)],
        },
        Case {
            name: "two virtio-iommu-pci on pc",
            version: "10.0",
            machine: "pc",
            devices: &[
                "virtio-iommu-pci,id=v1,bus=pci.0",
                "virtio-iommu-pci,id=v2,bus=pci.0",
            ],
            expect: &[(Error, "multiple-viommus", MULTI_X86)],
        },
        Case {
            name: "intel-iommu refused on pc does not count as the first vIOMMU",
            version: "10.0",
            machine: "pc",
            devices: &["intel-iommu,id=i", "virtio-iommu-pci,id=v,bus=pci.0"],
            expect: &[(Error, "viommu-needs-q35", DYN_SYSBUS)],
        },
        Case {
            name: "iommu=smmuv3 plus virtio-iommu-pci",
            version: "7.2",
            machine: "virt,iommu=smmuv3",
            devices: &["virtio-iommu-pci,id=v,bus=pcie.0"],
            expect: &[(Error, "virt-multiple-iommus", MULTI_VIRT)],
        },
        Case {
            name: "two virtio-iommu-pci on virt",
            version: "10.0",
            machine: "virt",
            devices: &[
                "virtio-iommu-pci,id=v1,bus=pcie.0",
                "virtio-iommu-pci,id=v2,bus=pcie.0",
            ],
            expect: &[(Error, "virt-multiple-iommus", MULTI_VIRT)],
        },
        Case {
            name: "intremap=on with kernel-irqchip=on: TCG starts, KVM would refuse",
            version: "7.2",
            machine: "q35,kernel-irqchip=on",
            devices: &["intel-iommu,id=i,intremap=on"],
            expect: &[(
                Warning,
                "intremap-needs-split-irqchip",
                super::IR_KERNEL_IRQCHIP,
            )],
        },
        Case {
            name: "intremap=on without kernel-irqchip: KVM's default is on",
            version: "10.0",
            machine: "q35",
            devices: &["amd-iommu,id=a,intremap=on"],
            expect: &[(Warning, "intremap-needs-split-irqchip", "KVM's default")],
        },
        Case {
            name: "intremap=on with split is clean",
            version: "10.0",
            machine: "q35,kernel-irqchip=split",
            devices: &["intel-iommu,id=i,intremap=on,caching-mode=on,eim=on"],
            expect: &[],
        },
        Case {
            name: "intremap=on with KVM's default irqchip: QEMU refuses",
            version: "7.2",
            machine: "q35,accel=kvm",
            devices: &["intel-iommu,id=i,intremap=on"],
            expect: &[(Error, "intremap-kernel-irqchip", super::IR_KERNEL_IRQCHIP)],
        },
        Case {
            name: "intremap=on with KVM and a split irqchip is clean",
            version: "10.0",
            machine: "q35,accel=kvm,kernel-irqchip=split",
            devices: &["amd-iommu,id=a,intremap=on"],
            expect: &[],
        },
        Case {
            name: "eim under KVM without split irqchip: intremap auto is off",
            version: "10.0",
            machine: "q35,accel=kvm",
            devices: &["intel-iommu,id=i,eim=on"],
            expect: &[(
                Error,
                "eim-needs-intremap",
                "eim=on cannot be selected without intremap=on",
            )],
        },
        Case {
            name: "eim under KVM with intremap=on but kernel-irqchip=off",
            version: "7.2",
            machine: "q35,accel=kvm,kernel-irqchip=off",
            devices: &["intel-iommu,id=i,intremap=on,eim=on"],
            expect: &[(
                Error,
                "eim-needs-kvm",
                "eim=on requires accel=kvm,kernel-irqchip=split",
            )],
        },
        Case {
            name: "eim under KVM with a split irqchip is fine on 7.2 too",
            version: "7.2",
            machine: "q35,accel=kvm,kernel-irqchip=split",
            devices: &["intel-iommu,id=i,eim=on"],
            expect: &[],
        },
        Case {
            name: "intremap auto with kernel-irqchip=on depends on the accelerator",
            version: "10.0",
            machine: "q35,kernel-irqchip=on",
            devices: &["intel-iommu,id=i"],
            expect: &[(Info, "intremap-auto-depends-on-accel", "off under KVM")],
        },
        Case {
            name: "eim without intremap",
            version: "10.0",
            machine: "q35",
            devices: &["intel-iommu,id=i,intremap=off,eim=on"],
            expect: &[(
                Error,
                "eim-needs-intremap",
                "eim=on cannot be selected without intremap=on",
            )],
        },
        Case {
            name: "eim on 7.2 under TCG",
            version: "7.2",
            machine: "q35,kernel-irqchip=split",
            devices: &["intel-iommu,id=i,intremap=on,eim=on"],
            expect: &[(
                Error,
                "eim-needs-kvm",
                "eim=on requires accel=kvm,kernel-irqchip=split",
            )],
        },
        Case {
            name: "eim on 10.0 under TCG is accepted, but KVM's default irqchip would refuse",
            version: "10.0",
            machine: "q35",
            devices: &["intel-iommu,id=i,eim=on"],
            expect: &[(
                Warning,
                "eim-needs-split-irqchip",
                "intremap=auto means off",
            )],
        },
        Case {
            name: "eim on 10.0 with split irqchip is clean",
            version: "10.0",
            machine: "q35,kernel-irqchip=split",
            devices: &["intel-iommu,id=i,eim=on"],
            expect: &[],
        },
        Case {
            name: "aw-bits 40 (7.2)",
            version: "7.2",
            machine: "q35",
            devices: &["intel-iommu,id=i,aw-bits=40"],
            expect: &[(
                Error,
                "aw-bits-unsupported",
                "Supported values for aw-bits are: 39, 48",
            )],
        },
        Case {
            name: "aw-bits 64 (10.0)",
            version: "10.0",
            machine: "q35",
            devices: &["intel-iommu,id=i,aw-bits=64"],
            expect: &[(
                Error,
                "aw-bits-unsupported",
                "Legacy mode: supported values for aw-bits are: 39, 48",
            )],
        },
        Case {
            name: "aw-bits 39 and 48 are fine",
            version: "7.2",
            machine: "q35",
            devices: &["intel-iommu,id=i,aw-bits=48"],
            expect: &[],
        },
        Case {
            name: "xtsup on 7.2",
            version: "7.2",
            machine: "q35",
            devices: &["amd-iommu,id=a,xtsup=on"],
            expect: &[(
                Error,
                "xtsup-needs-newer-qemu",
                "Property 'amd-iommu.xtsup' not found",
            )],
        },
        Case {
            name: "xtsup on 10.0",
            version: "10.0",
            machine: "q35",
            devices: &["amd-iommu,id=a,xtsup=on"],
            expect: &[],
        },
        Case {
            name: "vfio-pci with intel-iommu needs caching-mode, even when bypassing",
            version: "10.0",
            machine: "q35,default_bus_bypass_iommu=on",
            devices: &[
                "intel-iommu,id=i",
                "vfio-pci,id=gpu,bus=pcie.0,host=0000:3b:00.0",
            ],
            expect: &[
                (Error, "vfio-needs-caching-mode", CACHING),
                (Warning, "passthrough-bypasses-iommu", "SECURITY"),
                (Warning, "all-buses-bypass", "only scope is the IOAPIC"),
            ],
        },
        Case {
            name: "vfio-pci behind intel-iommu with caching-mode is clean",
            version: "7.2",
            machine: "q35",
            devices: &[
                "intel-iommu,id=i,caching-mode=on",
                "pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                "vfio-pci,id=gpu,bus=rp1,host=0000:3b:00.0",
            ],
            expect: &[],
        },
        Case {
            name: "vfio-pci before the vIOMMU",
            version: "10.0",
            machine: "q35",
            devices: &[
                "pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                "vfio-pci,id=gpu,bus=rp1,host=0000:3b:00.0",
                "virtio-iommu-pci,id=v,bus=pcie.0",
            ],
            expect: &[(
                Warning,
                "vfio-before-viommu",
                "comes before virtio-iommu-pci",
            )],
        },
        Case {
            name: "translated vfio-pci behind amd-iommu (realize-time bus number 0 below a port)",
            version: "7.2",
            machine: "q35",
            devices: &[
                "amd-iommu,id=a",
                "pcie-root-port,id=rp1,bus=pcie.0,chassis=1",
                "vfio-pci,id=nic,bus=rp1,addr=0.1,host=0000:3b:00.1",
            ],
            expect: &[(
                Error,
                "amd-iommu-no-vfio",
                "device 00.00.1 requires iommu notifier which is not currently supported",
            )],
        },
        Case {
            name: "translated vfio-pci on a pxb-pcie root bus behind SMMUv3",
            version: "10.0",
            machine: "virt,iommu=smmuv3",
            devices: &[
                "pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x20",
                "vfio-pci,id=nic,bus=pxb1,addr=3.0,host=0000:3b:00.1",
            ],
            expect: &[(
                Error,
                "smmuv3-no-vfio",
                "device 20.03.0 requires iommu MAP notifier which is not currently supported",
            )],
        },
        Case {
            name: "bypassed vfio-pci behind amd-iommu: no notifier, but loud warning",
            version: "10.0",
            machine: "q35",
            devices: &[
                "amd-iommu,id=a,intremap=off",
                "pxb-pcie,id=pxb1,bus=pcie.0,bus_nr=0x20,bypass_iommu=on",
                "pcie-root-port,id=rp1,bus=pxb1,chassis=1",
                "vfio-pci,id=nic,bus=rp1,host=0000:3b:00.1",
            ],
            expect: &[(
                Warning,
                "passthrough-bypasses-iommu",
                "'nic' (host 0000:3b:00.1)",
            )],
        },
    ];

    #[test]
    fn viommu_rules() {
        super::super::run_unit_cases(CASES);
    }
}
