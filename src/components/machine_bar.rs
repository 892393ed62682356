//! The machine bar: machine type, QEMU version, vIOMMU and its main options,
//! `default_bus_bypass_iommu`, firmware.

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::engine::design::{Firmware, MachineType, QemuVersion};
use crate::engine::{Design, Driver};
use crate::ui_model::edits::{MachineField, PropField, Viommu};
use crate::ui_model::Action;

/// Props of [`MachineBar`].
#[derive(Properties, PartialEq)]
pub struct MachineBarProps {
    /// The design.
    pub design: Design,
    /// Editor actions.
    pub ondispatch: Callback<Action>,
}

fn select_value(e: Event) -> String {
    e.target_unchecked_into::<HtmlSelectElement>().value()
}

fn firmware_name(f: Option<Firmware>) -> &'static str {
    match f {
        None => "default",
        Some(Firmware::Seabios) => "seabios",
        Some(Firmware::Ovmf) => "ovmf",
        Some(Firmware::Aavmf) => "aavmf",
    }
}

/// The machine bar.
#[function_component(MachineBar)]
pub fn machine_bar(props: &MachineBarProps) -> Html {
    let d = &props.design;
    let machine = d.machine.machine_type;
    let viommu = Viommu::of(d);
    let on_machine = props.ondispatch.reform(|e: Event| {
        let t = match select_value(e).as_str() {
            "pc" => MachineType::Pc,
            "virt" => MachineType::Virt,
            _ => MachineType::Q35,
        };
        Action::SetMachine(MachineField::Machine(t))
    });
    let on_version = props.ondispatch.reform(|e: Event| {
        let v = QemuVersion::parse(&select_value(e)).unwrap_or_default();
        Action::SetMachine(MachineField::Version(v))
    });
    let on_viommu = props.ondispatch.reform(|e: Event| {
        Action::SetViommu(Viommu::parse(&select_value(e)).unwrap_or(Viommu::None))
    });
    let on_bypass = props.ondispatch.reform(|e: Event| {
        let on = e.target_unchecked_into::<HtmlInputElement>().checked();
        Action::SetMachine(MachineField::DefaultBypass(on))
    });
    let on_firmware = props.ondispatch.reform(|e: Event| {
        let f = match select_value(e).as_str() {
            "seabios" => Some(Firmware::Seabios),
            "ovmf" => Some(Firmware::Ovmf),
            "aavmf" => Some(Firmware::Aavmf),
            _ => None,
        };
        Action::SetMachine(MachineField::Firmware(f))
    });
    let firmwares: &[Option<Firmware>] = if machine == MachineType::Virt {
        &[None, Some(Firmware::Aavmf)]
    } else {
        &[None, Some(Firmware::Seabios), Some(Firmware::Ovmf)]
    };
    // The vIOMMU device's main options, edited like inspector fields.
    let iommu_device = d.devices.iter().find(|x| {
        matches!(
            x.driver,
            Driver::IntelIommu | Driver::AmdIommu | Driver::VirtioIommuPci
        )
    });
    let options = iommu_device.map(|dev| {
        PropField::for_driver(dev.driver)
            .into_iter()
            .filter(|f| !matches!(f, PropField::Id | PropField::Addr | PropField::AwBits))
            .map(|f| {
                let id = dev.id.clone();
                let value = f.get(dev);
                let onchange = props.ondispatch.reform(move |e: Event| Action::SetProp {
                    id: id.clone(),
                    field: f,
                    value: select_value(e),
                });
                let choices: &[&str] = if f == PropField::Intremap {
                    &["", "on", "off", "auto"]
                } else {
                    &["", "on", "off"]
                };
                html! {
                    <label class="opt">{ f.label() }
                        <select data-field={format!("viommu-{}", f.label())} {onchange}>
                            { for choices.iter().map(|c| html! {
                                <option value={*c} selected={value == *c}>{ if c.is_empty() { "default" } else { c } }</option>
                            }) }
                        </select>
                    </label>
                }
            })
            .collect::<Html>()
    });
    html! {
        <div class="machine-bar" data-machine-bar="">
            <label>{ "machine" }
                <select data-field="machine" onchange={on_machine}>
                    { for MachineType::ALL.iter().map(|t| html! {
                        <option value={t.as_str()} selected={*t == machine}>{ t.as_str() }</option>
                    }) }
                </select>
            </label>
            <label>{ "QEMU" }
                <select data-field="qemu-version" onchange={on_version}>
                    { for QemuVersion::ALL.iter().map(|v| html! {
                        <option value={v.as_str()} selected={*v == d.qemu_version}>{ v.as_str() }</option>
                    }) }
                </select>
            </label>
            <label>{ "vIOMMU" }
                <select data-field="viommu" onchange={on_viommu}>
                    { for Viommu::ALL.iter().map(|v| html! {
                        <option value={v.as_str()} selected={*v == viommu}>{ v.as_str() }</option>
                    }) }
                </select>
            </label>
            { options.unwrap_or_default() }
            <label class="check" title="default_bus_bypass_iommu: the main root bus bypasses the vIOMMU">
                <input type="checkbox" data-field="default-bus-bypass" checked={d.machine.default_bus_bypass_iommu} onchange={on_bypass} />
                { "default_bus_bypass_iommu" }
            </label>
            <label>{ "firmware" }
                <select data-field="firmware" onchange={on_firmware}>
                    { for firmwares.iter().map(|f| html! {
                        <option value={firmware_name(*f)} selected={*f == d.firmware}>{ firmware_name(*f) }</option>
                    }) }
                </select>
            </label>
        </div>
    }
}
