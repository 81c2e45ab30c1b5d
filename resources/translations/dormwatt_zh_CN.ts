<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
    <context>
        <name>DormWatt</name>
        <message>
            <location filename="../../ui/alarm_panel.py" line="42" />
            <source>Level</source>
            <translation>级别</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="42" />
            <source>Raised</source>
            <translation>发生时间</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="42" />
            <location filename="../../ui/main_window.py" line="82" />
            <location filename="../../ui/student_history.py" line="116" />
            <location filename="../../ui/student_history.py" line="123" />
            <location filename="../../ui/student_history.py" line="134" />
            <location filename="../../ui/student_history.py" line="143" />
            <location filename="../../ui/transactions_view.py" line="67" />
            <source>Room</source>
            <translation>房间</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="42" />
            <location filename="../../ui/history_views.py" line="113" />
            <location filename="../../ui/transactions_view.py" line="67" />
            <source>Kind</source>
            <translation>类型</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="42" />
            <source>Message</source>
            <translation>内容</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="43" />
            <source>Notice</source>
            <translation>提示</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="43" />
            <source>Warning</source>
            <translation>警告</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="43" />
            <source>Urgent</source>
            <translation>紧急</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="77" />
            <location filename="../../ui/alarm_panel.py" line="126" />
            <source>Acknowledge…</source>
            <translation>确认…</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="79" />
            <location filename="../../ui/alarm_panel.py" line="130" />
            <source>Go to room</source>
            <translation>转到房间</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="102" />
            <source>What was done about it (required)</source>
            <translation>处理情况（必填）</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="103" />
            <source>Acknowledge</source>
            <translation>确认</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="105" />
            <location filename="../../ui/dialogs/__init__.py" line="122" />
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="204" />
            <source>Could not load the alarms: {error}</source>
            <translation>无法读取告警：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="235" />
            <source>Open alarms: {n}</source>
            <translation>未处理告警：{n} 条</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="236" />
            <source>No open alarms</source>
            <translation>没有未处理的告警</translation>
        </message>
        <message>
            <location filename="../../ui/alarm_panel.py" line="281" />
            <source>Note for {n} alarm(s):</source>
            <translation>{n} 条告警的处理说明：</translation>
        </message>
        <message>
            <location filename="../../ui/application.py" line="31" />
            <source>Something went wrong:
{error}</source>
            <translation>程序出错：
{error}</translation>
        </message>
        <message>
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>Line</source>
            <translation>线路</translation>
        </message>
        <message>
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>State</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>Meters online</source>
            <translation>在线电表</translation>
        </message>
        <message>
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>Errors/min</source>
            <translation>错误/分钟</translation>
        </message>
        <message>
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>Wire busy</source>
            <translation>线路占用</translation>
        </message>
        <message>
            <location filename="../../ui/bus_panel.py" line="26" />
            <source>Errors since start</source>
            <translation>启动以来的错误</translation>
        </message>
        <message>
            <location filename="../../ui/bus_panel.py" line="49" />
            <source>Meter lines</source>
            <translation>电表线路</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="16" />
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Arrears</source>
            <translation>欠费</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="16" />
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Low balance</source>
            <translation>余额不足</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="16" />
            <source>Offline</source>
            <translation>离线</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="16" />
            <source>Alarm</source>
            <translation>告警</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="17" />
            <source>Lights-off active</source>
            <translation>熄灯中</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="17" />
            <source>Linkage lock</source>
            <translation>联动锁定</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="25" />
            <location filename="../../ui/main_window.py" line="80" />
            <source>Campus</source>
            <translation>校区</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="25" />
            <source>Rooms</source>
            <translation>房间数</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="40" />
            <source>All buildings</source>
            <translation>全部楼栋</translation>
        </message>
        <message>
            <location filename="../../ui/campus_nav.py" line="47" />
            <source>Floor {n}</source>
            <translation>{n} 层</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="24" />
            <source>Light</source>
            <translation>照明</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="24" />
            <source>Socket</source>
            <translation>插座</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="24" />
            <source>A/C</source>
            <translation>空调</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="71" />
            <source>{n}/{beds} beds</source>
            <translation>{n}/{beds} 床</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="78" />
            <source>Elec.</source>
            <translation>电费</translation>
        </message>
        <message>
            <location filename="../../ui/card_delegate.py" line="78" />
            <location filename="../../ui/dialogs/__init__.py" line="44" />
            <location filename="../../ui/history_views.py" line="41" />
            <location filename="../../ui/history_views.py" line="126" />
            <location filename="../../ui/room_panel.py" line="239" />
            <source>Water</source>
            <translation>水费</translation>
        </message>
        <message>
            <location filename="../../ui/consumption_bars.py" line="28" />
            <source>kWh</source>
            <translation>千瓦时</translation>
        </message>
        <message>
            <location filename="../../ui/consumption_bars.py" line="48" />
            <source>No readings yet.</source>
            <translation>暂无读数。</translation>
        </message>
        <message>
            <location filename="../../ui/consumption_bars.py" line="64" />
            <source>{days} days: {total} kWh, {mean} kWh a day on average, today {today} kWh</source>
            <translation>{days} 天：共 {total} 千瓦时，日均 {mean} 千瓦时，今日 {today} 千瓦时</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/__init__.py" line="44" />
            <location filename="../../ui/history_views.py" line="41" />
            <location filename="../../ui/history_views.py" line="125" />
            <location filename="../../ui/room_panel.py" line="238" />
            <source>Electricity</source>
            <translation>电费</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/__init__.py" line="55" />
            <source>Something went wrong: {error}</source>
            <translation>程序出错：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/__init__.py" line="63" />
            <source>{what} cannot be negative.</source>
            <translation>{what}不能为负数。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/__init__.py" line="241" />
            <location filename="../../ui/transactions_view.py" line="94" />
            <source>Close</source>
            <translation>关闭</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="33" />
            <location filename="../../ui/dialogs/check_in_dialog.py" line="137" />
            <source>male</source>
            <translation>男</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="33" />
            <location filename="../../ui/dialogs/check_in_dialog.py" line="137" />
            <source>female</source>
            <translation>女</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="34" />
            <source>lives in {room}, bed {bed}</source>
            <translation>住在 {room}，{bed} 号床</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="35" />
            <source>not checked in</source>
            <translation>未入住</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="36" />
            <source>{number}  {name} ({gender}) — {where}</source>
            <translation>{number}  {name}（{gender}）— {where}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="44" />
            <source>First free bed</source>
            <translation>第一个空床位</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="48" />
            <source>Bed {bed} — free</source>
            <translation>{bed} 号床 — 空</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="50" />
            <source>Bed {bed} — {name}</source>
            <translation>{bed} 号床 — {name}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="65" />
            <source>Student number or name</source>
            <translation>学号或姓名</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="103" />
            <source>No student found.</source>
            <translation>未找到学生。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="117" />
            <location filename="../../ui/dialogs/check_in_dialog.py" line="126" />
            <location filename="../../ui/room_panel.py" line="53" />
            <source>Check in</source>
            <translation>入住</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="122" />
            <location filename="../../ui/dialogs/check_out_dialog.py" line="72" />
            <location filename="../../ui/dialogs/exchange_dialog.py" line="36" />
            <location filename="../../ui/history_views.py" line="118" />
            <location filename="../../ui/transactions_view.py" line="67" />
            <source>Student</source>
            <translation>学生</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="125" />
            <location filename="../../ui/student_history.py" line="117" />
            <source>Bed</source>
            <translation>床位</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="134" />
            <source>This room no longer exists.</source>
            <translation>该房间已不存在。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="138" />
            <source>Room {room} · {gender} · {free} of {beds} beds free</source>
            <translation>房间 {room} · {gender} · 空床 {free}/{beds}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_in_dialog.py" line="152" />
            <source>Find the student first: type a student number or a name.</source>
            <translation>请先查找学生：输入学号或姓名。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="48" />
            <source>Paid in</source>
            <translation>已缴金额</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="48" />
            <source>Share of consumption</source>
            <translation>应摊用量费用</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="49" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="118" />
            <source>Refundable now</source>
            <translation>现可退金额</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="49" />
            <source>Still owed</source>
            <translation>尚欠金额</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="57" />
            <location filename="../../ui/room_panel.py" line="54" />
            <source>Check out</source>
            <translation>退宿</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="76" />
            <source>Policy</source>
            <translation>结算方式</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="90" />
            <location filename="../../ui/dialogs/recharge_dialog.py" line="79" />
            <source>Transaction number from the payment</source>
            <translation>支付流水号</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="103" />
            <source>Print statement</source>
            <translation>打印结算单</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="104" />
            <source>Save statement as PDF…</source>
            <translation>结算单另存为 PDF…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="105" />
            <source>Print refund slips</source>
            <translation>打印退费单</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="108" />
            <source>Check out and settle</source>
            <translation>退宿并结算</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="125" />
            <location filename="../../ui/dialogs/exchange_dialog.py" line="76" />
            <location filename="../../ui/dialogs/recharge_dialog.py" line="126" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="163" />
            <source>{name} ({number}), bed {bed}</source>
            <translation>{name}（{number}），{bed} 号床</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="129" />
            <source>Nobody lives in this room; there is nobody to check out.</source>
            <translation>该房间无人入住，无人可退宿。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="133" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="161" />
            <source>Room {room}</source>
            <translation>房间 {room}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="163" />
            <source>Collect what the student owes now: {amount}</source>
            <translation>退宿时一并收取学生所欠款项：{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="173" />
            <source>Refunds above {limit} a day from one account need an administrator's approval.</source>
            <translation>同一账户每天退款超过 {limit} 需经管理员批准。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="221" />
            <source>{name} ({number}) has left {room}, bed {bed}.</source>
            <translation>{name}（{number}）已从 {room} {bed} 号床退宿。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="224" />
            <source>{utility}: {status}</source>
            <translation>{utility}：{status}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="226" />
            <source>Nothing to refund.</source>
            <translation>没有可退的金额。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="229" />
            <source>Collected from the student: {amount}.</source>
            <translation>已向学生收取欠款：{amount}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="231" />
            <source>Still owed by the student: {amount}.</source>
            <translation>学生尚欠：{amount}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/check_out_dialog.py" line="274" />
            <source>Settlement statement</source>
            <translation>结算单</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="40" />
            <source>Recharge…</source>
            <translation>充值…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="40" />
            <source>Refund…</source>
            <translation>退费…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="40" />
            <source>Check in…</source>
            <translation>入住…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="41" />
            <source>Exchange…</source>
            <translation>调宿…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="41" />
            <source>Check out…</source>
            <translation>退宿…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="70" />
            <source>Shift opened with a float of {cash}.</source>
            <translation>已开班，备用金 {cash}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="76" />
            <source>Shift {id} closed.</source>
            <translation>班次 {id} 已交班。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="100" />
            <source>Receipt {number}: {amount} taken.</source>
            <translation>收据 {number}：已收 {amount}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="117" />
            <source>Refund of {amount}: {status}</source>
            <translation>退费 {amount}：{status}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="118" />
            <location filename="../../ui/student_history.py" line="43" />
            <source>paid</source>
            <translation>已付</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="119" />
            <location filename="../../ui/student_history.py" line="43" />
            <source>waiting for the meter</source>
            <translation>等待电表退回</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="119" />
            <location filename="../../ui/student_history.py" line="43" />
            <source>failed</source>
            <translation>失败</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="126" />
            <source>{name} checked in to {room}, bed {bed}.</source>
            <translation>{name} 已入住 {room} {bed} 号床。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="133" />
            <source>Exchange done.</source>
            <translation>调宿完成。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="141" />
            <source>{utility} {amount}</source>
            <translation>{utility} {amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="143" />
            <source>{name} checked out; refunds: {refunds}.</source>
            <translation>{name} 已退宿；退费：{refunds}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/counter_actions.py" line="144" />
            <location filename="../../ui/status_panel.py" line="216" />
            <source>none</source>
            <translation>无</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="28" />
            <location filename="../../ui/dialogs/exchange_dialog.py" line="50" />
            <location filename="../../ui/dialogs/exchange_dialog.py" line="60" />
            <location filename="../../ui/room_panel.py" line="54" />
            <source>Exchange</source>
            <translation>调宿</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="40" />
            <source>Move to a room and bed</source>
            <translation>调到指定房间和床位</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="42" />
            <source>Swap beds with another student</source>
            <translation>与另一名学生互换床位</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="53" />
            <source>Room code, e.g. B1-102</source>
            <translation>房间编号，如 B1-102</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="54" />
            <source>Target room</source>
            <translation>目标房间</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="57" />
            <source>Target bed</source>
            <translation>目标床位</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="59" />
            <source>Swap with</source>
            <translation>互换对象</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="74" />
            <source>From room {room}</source>
            <translation>原房间 {room}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="79" />
            <source>Nobody lives in this room; there is nobody to move.</source>
            <translation>该房间无人入住，无人可调宿。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="106" />
            <source>There is no room {code}.</source>
            <translation>没有房间 {code}。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="124" />
            <source>Type the code of the room to move to.</source>
            <translation>请输入要调入的房间编号。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/exchange_dialog.py" line="138" />
            <source>Find the student to swap with: type a student number or a name.</source>
            <translation>查找互换的学生：输入学号或姓名。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="45" />
            <location filename="../../ui/history_views.py" line="45" />
            <location filename="../../ui/room_panel.py" line="53" />
            <location filename="../../ui/transactions_view.py" line="44" />
            <source>Recharge</source>
            <translation>充值</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="56" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="123" />
            <source>Amount (CNY)</source>
            <translation>金额（元）</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="58" />
            <source>Type it again</source>
            <translation>再输入一次</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="73" />
            <source>For</source>
            <translation>充值项目</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="76" />
            <source>Payment method</source>
            <translation>支付方式</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="80" />
            <location filename="../../ui/history_views.py" line="117" />
            <location filename="../../ui/student_history.py" line="127" />
            <source>Reference</source>
            <translation>流水号</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="83" />
            <source>Paid by</source>
            <translation>缴费人</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="84" />
            <source>Print receipt</source>
            <translation>打印收据</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="87" />
            <source>Open a shift…</source>
            <translation>开班…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="93" />
            <source>Take the money</source>
            <translation>确认收款</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="128" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="165" />
            <source>Not said</source>
            <translation>未填写</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="136" />
            <source>Room {room} · {utility} balance {balance}</source>
            <translation>房间 {room} · {utility}余额 {balance}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="148" />
            <source>Above {limit}: type {amount} again</source>
            <translation>超过 {limit}：请再输入一次 {amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="167" />
            <source>The two amounts do not match ({first} and {second}); type the amount again.</source>
            <translation>两次输入的金额不一致（{first} 与 {second}）；请重新输入金额。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="209" />
            <source>A {method} recharge needs the transaction reference.</source>
            <translation>{method}充值需要填写支付流水号。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/recharge_dialog.py" line="247" />
            <source>Receipt {number}</source>
            <translation>收据 {number}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="39" />
            <source>Refund of {amount}: paid.</source>
            <translation>退费 {amount}：已付。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="41" />
            <source>Refund of {amount}: failed — {reason}</source>
            <translation>退费 {amount}：失败 — {reason}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="42" />
            <source>Refund of {amount}: waiting for the meter to give the money back.</source>
            <translation>退费 {amount}：等待电表退回余额。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="50" />
            <source>Administrator approval</source>
            <translation>管理员审批</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="55" />
            <source>An administrator types their login name and password here to approve.</source>
            <translation>请管理员在此输入登录名和密码以批准。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="62" />
            <location filename="../../ui/setup_wizard.py" line="31" />
            <source>Administrator login</source>
            <translation>管理员账号</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="66" />
            <location filename="../../ui/login_dialog.py" line="31" />
            <location filename="../../ui/setup_wizard.py" line="32" />
            <source>Password</source>
            <translation>密码</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="100" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="136" />
            <location filename="../../ui/history_views.py" line="45" />
            <location filename="../../ui/room_panel.py" line="53" />
            <location filename="../../ui/transactions_view.py" line="44" />
            <source>Refund</source>
            <translation>退费</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="115" />
            <location filename="../../ui/history_views.py" line="112" />
            <location filename="../../ui/student_history.py" line="124" />
            <location filename="../../ui/student_history.py" line="135" />
            <source>Account</source>
            <translation>账户</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="121" />
            <source>Paid to</source>
            <translation>退给</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="131" />
            <location filename="../../ui/dialogs/refund_dialog.py" line="134" />
            <source>Print slip</source>
            <translation>打印退费单</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="176" />
            <source>This room has no accounts yet; nothing can be refunded.</source>
            <translation>该房间还没有账户，无可退费用。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/refund_dialog.py" line="186" />
            <source>Refunds above {limit} need an administrator's approval.</source>
            <translation>退费超过 {limit} 需要管理员审批。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="51" />
            <source>Open a shift</source>
            <translation>开班</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="53" />
            <source>Operator: {name}</source>
            <translation>操作员：{name}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="55" />
            <source>Cash float (CNY)</source>
            <translation>备用金（元）</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="57" />
            <source>Open shift</source>
            <translation>开班</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="79" />
            <source>Close the shift</source>
            <translation>交班</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="85" />
            <source>Counted cash (CNY)</source>
            <translation>实点现金（元）</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="98" />
            <location filename="../../ui/history_views.py" line="116" />
            <location filename="../../ui/student_history.py" line="126" />
            <location filename="../../ui/student_history.py" line="137" />
            <location filename="../../ui/transactions_view.py" line="68" />
            <source>Method</source>
            <translation>支付方式</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="98" />
            <source>Count</source>
            <translation>笔数</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="98" />
            <source>In</source>
            <translation>收入</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="98" />
            <source>Out</source>
            <translation>支出</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="114" />
            <source>Print report</source>
            <translation>打印报表</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="115" />
            <source>Save report as PDF…</source>
            <translation>报表另存为 PDF…</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="118" />
            <location filename="../../ui/dialogs/shift_dialogs.py" line="171" />
            <source>Close shift</source>
            <translation>交班</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="127" />
            <source>You have no open shift to close.</source>
            <translation>您没有可交班的班次。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="129" />
            <source>Shift {id} · opened {at} · float {cash}</source>
            <translation>班次 {id} · 开班 {at} · 备用金 {cash}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="156" />
            <source>The drawer is {amount} short: {expected} expected, {counted} counted. Count again, or close the shift with this difference.</source>
            <translation>钱箱短款 {amount}：应有 {expected}，实点 {counted}。请重新清点，或按此差额交班。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="159" />
            <source>The drawer is {amount} over: {expected} expected, {counted} counted. Count again, or close the shift with this difference.</source>
            <translation>钱箱长款 {amount}：应有 {expected}，实点 {counted}。请重新清点，或按此差额交班。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="164" />
            <source>Close with the difference</source>
            <translation>按差额交班</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="192" />
            <source>Expected cash: {amount}</source>
            <translation>应有现金：{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="193" />
            <source>Counted cash: {amount}</source>
            <translation>实点现金：{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="194" />
            <source>Receipts {first} to {last}</source>
            <translation>收据 {first} 至 {last}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="195" />
            <source>No receipts in this shift.</source>
            <translation>本班次无收据。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="199" />
            <source>Difference: {amount}</source>
            <translation>差额：{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="200" />
            <source>Difference: none, the drawer is right.</source>
            <translation>差额：无，账款相符。</translation>
        </message>
        <message>
            <location filename="../../ui/dialogs/shift_dialogs.py" line="213" />
            <source>Shift report {id}</source>
            <translation>交班报表 {id}</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="45" />
            <source>Consumption</source>
            <translation>用量扣费</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="46" />
            <source>Subsidy</source>
            <translation>补贴</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="46" />
            <source>Transfer</source>
            <translation>转账</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="46" />
            <source>Reversal</source>
            <translation>冲正</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="111" />
            <location filename="../../ui/history_views.py" line="153" />
            <location filename="../../ui/student_history.py" line="122" />
            <location filename="../../ui/student_history.py" line="133" />
            <location filename="../../ui/student_history.py" line="142" />
            <location filename="../../ui/transactions_view.py" line="67" />
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="114" />
            <location filename="../../ui/student_history.py" line="125" />
            <location filename="../../ui/student_history.py" line="136" />
            <location filename="../../ui/transactions_view.py" line="68" />
            <source>Amount</source>
            <translation>金额</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="115" />
            <source>Balance after</source>
            <translation>余额</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="119" />
            <source>Operator</source>
            <translation>操作员</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="120" />
            <source>Memo</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="124" />
            <source>Both accounts</source>
            <translation>全部账户</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="154" />
            <source>Event</source>
            <translation>事件</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="155" />
            <source>Branch</source>
            <translation>回路</translation>
        </message>
        <message>
            <location filename="../../ui/history_views.py" line="156" />
            <source>Meter</source>
            <translation>电表</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="93" />
            <source>Incoming</source>
            <translation>总进线</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="93" />
            <location filename="../../ui/live_curves.py" line="167" />
            <location filename="../../app/metering/runtime/vocabulary.py" line="30" />
            <source>Lighting</source>
            <translation>照明</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="93" />
            <location filename="../../ui/live_curves.py" line="167" />
            <location filename="../../app/metering/runtime/vocabulary.py" line="30" />
            <source>Sockets</source>
            <translation>插座</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="93" />
            <location filename="../../ui/live_curves.py" line="167" />
            <location filename="../../app/metering/runtime/vocabulary.py" line="30" />
            <source>Air conditioning</source>
            <translation>空调</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="120" />
            <source>Power</source>
            <translation>功率</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="121" />
            <source>Seconds before now</source>
            <translation>距今秒数</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="159" />
            <source>This room's meter is not on a running bus.</source>
            <translation>该房间的电表不在运行中的总线上。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="161" />
            <source>The meter did not answer in time; try again.</source>
            <translation>电表未及时应答，请重试。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="172" />
            <location filename="../../ui/live_curves.py" line="286" />
            <source>Power off</source>
            <translation>断电</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="172" />
            <source>Power on</source>
            <translation>恢复供电</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="172" />
            <location filename="../../ui/live_curves.py" line="177" />
            <source>Keep power</source>
            <translation>保电</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="172" />
            <source>Auto</source>
            <translation>自动</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="176" />
            <source>On</source>
            <translation>通电</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="176" />
            <source>Off</source>
            <translation>断电</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="176" />
            <source>Tripped</source>
            <translation>跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="176" />
            <location filename="../../ui/live_curves.py" line="243" />
            <source>Locked out</source>
            <translation>锁定</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="206" />
            <source>Cut this branch's power until Power on or Auto (asks first).</source>
            <translation>切断本回路供电，直到按“恢复供电”或“自动”（会先确认）。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="207" />
            <source>Back to automatic control and release this branch's trips: power returns unless prepaid, schedule or linkage keep it off.</source>
            <translation>恢复自动控制并解除本回路跳闸：除非预付费、时段控制或联动仍要求断电，否则恢复供电。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="209" />
            <source>Keep power on over prepaid, schedule, load control and linkage.</source>
            <translation>保持供电，不受预付费、时段控制、负载控制和联动影响。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="210" />
            <source>Automatic control: prepaid, schedule and load control decide.</source>
            <translation>自动控制：由预付费、时段控制和负载控制决定。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="234" />
            <source>Release trips</source>
            <translation>解除跳闸</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="236" />
            <source>Reset the trip latches and lockouts of every branch.</source>
            <translation>复位所有回路的跳闸和锁定。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="243" />
            <location filename="../../ui/live_curves.py" line="270" />
            <source>{state} · {power} W</source>
            <translation>{state} · {power} W</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="266" />
            <source>not read yet</source>
            <translation>尚未读取</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="287" />
            <source>Cut the power of {branch} in room {room}?</source>
            <translation>确定切断 {room} 房间{branch}回路的供电吗？</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="290" />
            <source>The students have no power on this branch until someone presses Power on or Auto.</source>
            <translation>在有人按“恢复供电”或“自动”之前，学生在本回路上没有电。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="325" />
            <source>{branch}: power off.</source>
            <translation>{branch}：已断电。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="325" />
            <source>{branch}: back to automatic, trips released.</source>
            <translation>{branch}：已恢复自动，跳闸已解除。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="326" />
            <source>{branch}: keeps power.</source>
            <translation>{branch}：保电。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="326" />
            <source>{branch}: automatic control.</source>
            <translation>{branch}：自动控制。</translation>
        </message>
        <message>
            <location filename="../../ui/live_curves.py" line="335" />
            <source>Trips released on every branch.</source>
            <translation>所有回路的跳闸已解除。</translation>
        </message>
        <message>
            <location filename="../../ui/login_dialog.py" line="18" />
            <source>DormWatt — log in</source>
            <translation>DormWatt — 登录</translation>
        </message>
        <message>
            <location filename="../../ui/login_dialog.py" line="30" />
            <source>Login name</source>
            <translation>登录名</translation>
        </message>
        <message>
            <location filename="../../ui/login_dialog.py" line="42" />
            <source>Checking…</source>
            <translation>正在验证…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="40" />
            <source>DormWatt — {school}</source>
            <translation>DormWatt — {school}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="51" />
            <source>Find a room: number, student number, name, pinyin or its initials</source>
            <translation>查找房间：房间号、学号、姓名、拼音或拼音首字母</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="64" />
            <source>DEMO — simulated campus and meters, not real money</source>
            <translation>演示模式 — 模拟的校区和电表，非真实资金</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="84" />
            <source>Alarms</source>
            <translation>告警</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="87" />
            <source>Alarms ({n})</source>
            <translation>告警（{n}）</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="153" />
            <source>Find room</source>
            <translation>查找房间</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="157" />
            <source>&amp;Counter</source>
            <translation>柜台(&amp;C)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="158" />
            <source>Open shift…</source>
            <translation>开班…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="160" />
            <source>Close shift…</source>
            <translation>交班…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="177" />
            <source>Transactions…</source>
            <translation>交易记录…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="178" />
            <source>Student history…</source>
            <translation>学生历史记录…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="183" />
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="184" />
            <source>Reload all rooms</source>
            <translation>重新加载全部房间</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="187" />
            <source>&amp;Settings</source>
            <translation>设置(&amp;S)</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="188" />
            <source>Preferences…</source>
            <translation>首选项…</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="209" />
            <source>Select a room first.</source>
            <translation>请先选择房间。</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="232" />
            <source>{rooms} rooms loaded in {ms} ms</source>
            <translation>已加载 {rooms} 个房间，用时 {ms} 毫秒</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="261" />
            <source>Could not load the rooms: {error}</source>
            <translation>无法加载房间：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="322" />
            <source>{n} rooms match “{text}”: choose one with the arrow keys or the mouse.</source>
            <translation>有 {n} 个房间符合“{text}”：请用方向键或鼠标选择一个。</translation>
        </message>
        <message>
            <location filename="../../ui/main_window.py" line="325" />
            <source>No room matches “{text}”.</source>
            <translation>没有房间符合“{text}”。</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="23" />
            <source>Preferences</source>
            <translation>首选项</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="32" />
            <source>Follow the system ({language})</source>
            <translation>跟随系统（{language}）</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="41" />
            <source>Language</source>
            <translation>界面语言</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="65" />
            <source>The new language applies the next time DormWatt starts.</source>
            <translation>新的界面语言将在下次启动 DormWatt 时生效。</translation>
        </message>
        <message>
            <location filename="../../ui/preferences_dialog.py" line="68" />
            <source>A change of language applies the next time DormWatt starts.</source>
            <translation>更改界面语言后，下次启动 DormWatt 时生效。</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="83" />
            <source>Printing needs QtPdf (PySide6-Addons) or poppler's pdftoppm; neither is installed. Save the document as PDF instead.</source>
            <translation>打印需要 QtPdf（PySide6-Addons）或 poppler 的 pdftoppm，但两者都未安装。请改为将文档另存为 PDF。</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="91" />
            <source>The document could not be prepared for printing: {error}</source>
            <translation>无法准备打印文档：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="119" />
            <source>The printer could not be opened.</source>
            <translation>无法打开打印机。</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="145" />
            <location filename="../../ui/printing.py" line="153" />
            <source>Save as PDF</source>
            <translation>另存为 PDF</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="145" />
            <source>PDF documents (*.pdf)</source>
            <translation>PDF 文档 (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="153" />
            <source>The file could not be saved: {error}</source>
            <translation>无法保存文件：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="159" />
            <source>Printing</source>
            <translation>打印</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="170" />
            <source>Print preview</source>
            <translation>打印预览</translation>
        </message>
        <message>
            <location filename="../../ui/printing.py" line="170" />
            <source>Print preview — {title}</source>
            <translation>打印预览 — {title}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="138" />
            <source>Acknowledge alarm…</source>
            <translation>确认告警…</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="158" />
            <source>No live values yet.</source>
            <translation>暂无实时数据。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="168" />
            <source>Live</source>
            <translation>实时</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="169" />
            <source>Daily use</source>
            <translation>每日用量</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="170" />
            <source>Ledger</source>
            <translation>账目</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="171" />
            <source>Events</source>
            <translation>事件</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="231" />
            <source>Male</source>
            <translation>男</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="231" />
            <source>Female</source>
            <translation>女</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="232" />
            <source>{code}  {building}</source>
            <translation>{code}  {building}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="233" />
            <source>meter {serial}, online</source>
            <translation>电表 {serial}，在线</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="234" />
            <source>meter {serial}, offline</source>
            <translation>电表 {serial}，离线</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="235" />
            <source>no electricity meter</source>
            <translation>无电表</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="236" />
            <source>Floor {floor} · {gender} · {taken} of {beds} beds taken · {meter}</source>
            <translation>{floor} 层 · {gender} · 已住 {taken}/{beds} 床 · {meter}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="240" />
            <source>{utility}: {amount}</source>
            <translation>{utility}：{amount}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="241" />
            <source>no account</source>
            <translation>无账户</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="245" />
            <source>{name} ({number})</source>
            <translation>{name}（{number}）</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="246" />
            <source>empty</source>
            <translation>空</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="247" />
            <source>Bed {label}: {who}</source>
            <translation>{label} 号床：{who}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="248" />
            <source>No beds</source>
            <translation>无床位</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="261" />
            <source>Could not load the room: {error}</source>
            <translation>无法加载房间：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="265" />
            <source>Select a room.</source>
            <translation>请选择房间。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="282" />
            <source>Waiting for the meter:</source>
            <translation>等待下发到电表：</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="284" />
            <source>pending</source>
            <translation>待下发</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="284" />
            <source>refused by the meter</source>
            <translation>电表拒绝</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="285" />
            <source>{amount} ({kind}) {status}, {attempts} attempts, since {when}</source>
            <translation>{amount}（{kind}）{status}，已尝试 {attempts} 次，自 {when} 起</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="294" />
            <source>{when}  {message}</source>
            <translation>{when}  {message}</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="309" />
            <source>This room has no account yet; check a student in first.</source>
            <translation>该房间还没有账户，请先办理学生入住。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="310" />
            <source>This room has no account yet.</source>
            <translation>该房间还没有账户。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="311" />
            <source>Every bed of this room is taken.</source>
            <translation>该房间床位已满。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="312" />
            <location filename="../../ui/room_panel.py" line="313" />
            <source>Nobody lives in this room.</source>
            <translation>该房间无人入住。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="317" />
            <source>{action} ({key})</source>
            <translation>{action}（{key}）</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="333" />
            <source>Acknowledge alarm</source>
            <translation>确认告警</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="333" />
            <source>What was done about it?</source>
            <translation>做了哪些处理？</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="341" />
            <source>Alarm acknowledged.</source>
            <translation>告警已确认。</translation>
        </message>
        <message>
            <location filename="../../ui/room_panel.py" line="381" />
            <source>Now: {power} W incoming at {volts} V</source>
            <translation>当前：总功率 {power} W，电压 {volts} V</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="17" />
            <source>DormWatt — first start</source>
            <translation>DormWatt — 首次启动</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="19" />
            <source>This store is empty. Create the administrator and the first RS-485 bus.</source>
            <translation>数据库为空。请创建管理员账号和第一条 RS-485 总线。</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="28" />
            <source>/dev/serial/by-id/…, COM3 or socket://192.168.1.50:4196</source>
            <translation>/dev/serial/by-id/…、COM3 或 socket://192.168.1.50:4196</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="31" />
            <source>School name</source>
            <translation>学校名称</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="32" />
            <source>Administrator name</source>
            <translation>管理员姓名</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="33" />
            <source>Password again</source>
            <translation>再次输入密码</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="33" />
            <source>First bus port or gateway</source>
            <translation>第一条总线的串口或网关</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="34" />
            <source>Baud rate</source>
            <translation>波特率</translation>
        </message>
        <message>
            <location filename="../../ui/setup_wizard.py" line="47" />
            <source>The two passwords differ.</source>
            <translation>两次输入的密码不一致。</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="32" />
            <source>Clerk</source>
            <translation>收费员</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="32" />
            <source>Technician</source>
            <translation>技术员</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="32" />
            <source>Administrator</source>
            <translation>管理员</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="33" />
            <source>System</source>
            <translation>系统</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="101" />
            <source>Lines: …</source>
            <translation>线路：…</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="102" />
            <source>Click for each line's figures</source>
            <translation>点击查看每条线路的数据</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="109" />
            <source>{name} · {role}</source>
            <translation>{name} · {role}</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="115" />
            <source>Shift: …</source>
            <translation>班次：…</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="179" />
            <source>No lines set up</source>
            <translation>尚未设置线路</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="181" />
            <source>Meters not connected: no meter service runs {n} line(s)</source>
            <translation>电表未连接：{n} 条线路无电表服务运行</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="182" />
            <source>{n} line(s) run by {owner}</source>
            <translation>{n} 条线路由 {owner} 运行</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="184" />
            <source>{n} not run</source>
            <translation>{n} 条未运行</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="195" />
            <source>{up}/{lines} lines · {online}/{total} meters online</source>
            <translation>线路 {up}/{lines} · 电表在线 {online}/{total}</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="219" />
            <source>port closed</source>
            <translation>端口已关闭</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="219" />
            <source>running</source>
            <translation>运行中</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="220" />
            <source>{online}/{total}</source>
            <translation>{online}/{total}</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="232" />
            <source>{bus}: port closed</source>
            <translation>{bus}：端口已关闭</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="233" />
            <source>{bus}: {online}/{total} online · {errors} err/min · wire {busy}%</source>
            <translation>{bus}：在线 {online}/{total} · 错误 {errors} 次/分 · 线路占用 {busy}%</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="253" />
            <source>Could not read the bus counters: {error}</source>
            <translation>无法读取总线统计：{error}</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="277" />
            <source>No open shift</source>
            <translation>未开班</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="278" />
            <source>Open a shift before taking money at the counter</source>
            <translation>收款前请先开班</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="282" />
            <source>Shift open since {time}</source>
            <translation>班次自 {time} 起</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="283" />
            <source>Close the shift: count the cash and print the shift report</source>
            <translation>交班：清点现金并打印交班报表</translation>
        </message>
        <message>
            <location filename="../../ui/status_panel.py" line="291" />
            <source>Shift: unknown</source>
            <translation>班次：未知</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="39" />
            <source>Enrolled</source>
            <translation>在校</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="39" />
            <source>Graduated</source>
            <translation>已毕业</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="39" />
            <source>Left the school</source>
            <translation>已离校</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="61" />
            <source>lives in {room}</source>
            <translation>住在 {room}</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="63" />
            <source>checked out of {room}</source>
            <translation>已从 {room} 退宿</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="65" />
            <source>never checked in</source>
            <translation>从未入住</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="76" />
            <source>Student history</source>
            <translation>学生记录</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="84" />
            <source>Student number, name or initials</source>
            <translation>学号、姓名或拼音首字母</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="105" />
            <source>Find a student on the left.</source>
            <translation>请在左侧查找学生。</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="118" />
            <source>From</source>
            <translation>起</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="119" />
            <source>Until</source>
            <translation>至</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="119" />
            <source>now</source>
            <translation>至今</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="128" />
            <location filename="../../ui/transactions_view.py" line="67" />
            <source>Receipt</source>
            <translation>收据</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="129" />
            <source>Note</source>
            <translation>备注</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="129" />
            <source>voided</source>
            <translation>已作废</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="138" />
            <source>Status</source>
            <translation>状态</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="139" />
            <location filename="../../ui/transactions_view.py" line="192" />
            <source>Reason</source>
            <translation>原因</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="144" />
            <source>Refundable</source>
            <translation>可退</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="145" />
            <source>Owed</source>
            <translation>欠费</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="149" />
            <source>Rooms lived in</source>
            <translation>住宿经历</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="149" />
            <source>Payments</source>
            <translation>缴费</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="149" />
            <source>Refunds</source>
            <translation>退款</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="149" />
            <source>Settlements</source>
            <translation>结算</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="153" />
            <source>Print settlement statement</source>
            <translation>打印结算单</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="200" />
            <source>No student matches “{text}”.</source>
            <translation>没有与“{text}”相符的学生。</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="224" />
            <source>Lives in {room}.</source>
            <translation>住在 {room}。</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="226" />
            <source>Checked out of {room} on {day}.</source>
            <translation>已于 {day} 从 {room} 退宿。</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="229" />
            <source>Never checked in.</source>
            <translation>从未入住。</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="238" />
            <source>{title} ({count})</source>
            <translation>{title}（{count}）</translation>
        </message>
        <message>
            <location filename="../../ui/student_history.py" line="250" />
            <source>Settlement statement {id}</source>
            <translation>结算单 {id}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="44" />
            <source>Void</source>
            <translation>作废</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="55" />
            <source>Transactions</source>
            <translation>收支明细</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="61" />
            <source>Receipt number, student or room (e.g. B1-101); Enter searches</source>
            <translation>收据号、学生或房间（如 B1-101）；按回车搜索</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="68" />
            <source>Voided</source>
            <translation>作废</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="86" />
            <source>Reprint (COPY)</source>
            <translation>补打（副本）</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="90" />
            <source>Void…</source>
            <translation>作废…</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="123" />
            <source>voided by {number}</source>
            <translation>已被 {number} 作废</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="125" />
            <source>voids {number}</source>
            <translation>作废 {number}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="135" />
            <source>Today's takings</source>
            <translation>今日收款</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="135" />
            <source>Found</source>
            <translation>搜索结果</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="136" />
            <source>{what}: {count} receipts · in {taken_in} · out {paid_out} · net {net}</source>
            <translation>{what}：{count} 张收据 · 收入 {taken_in} · 支出 {paid_out} · 净额 {net}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="179" />
            <source>Void receipt {number}</source>
            <translation>作废收据 {number}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="183" />
            <source>{kind} {number} · {room} · {student} · {amount}</source>
            <translation>{kind} {number} · {room} · {student} · {amount}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="188" />
            <source>Still in the room</source>
            <translation>房间尚余</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="193" />
            <source>Void the recharge</source>
            <translation>作废此笔充值</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="210" />
            <source>{amount} of {total} ({utility})</source>
            <translation>{total} 中尚余 {amount}（{utility}）</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="217" />
            <source>Say why the recharge is voided: it is printed on the void receipt.</source>
            <translation>请填写作废原因：原因会打印在作废凭证上。</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="262" />
            <source>Waiting for the meter to give the {amount} back; the void receipt prints then.</source>
            <translation>正在等待电表退回 {amount}；退回后打印作废收据。</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="265" />
            <source>Not voided: {reason}</source>
            <translation>未作废：{reason}</translation>
        </message>
        <message>
            <location filename="../../ui/transactions_view.py" line="266" />
            <source>Voided: receipt {number}.</source>
            <translation>已作废：收据 {number}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Switched on</source>
            <translation>合闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Switched off</source>
            <translation>拉闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Illegal appliance trip</source>
            <translation>恶性负载跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Over-power trip</source>
            <translation>超功率跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Standby (air conditioner) trip</source>
            <translation>空调待机跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Lights-off low-power trip</source>
            <translation>熄灯后超限跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Prepaid trip</source>
            <translation>欠费跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Prepaid restore</source>
            <translation>充值后恢复供电</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Forced control changed</source>
            <translation>强制控制变更</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Purchase accepted</source>
            <translation>充值已写入电表</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Power down</source>
            <translation>掉电</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Power up</source>
            <translation>上电</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Lockout</source>
            <translation>锁定</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Trips reset</source>
            <translation>跳闸复位</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Unlock blocked</source>
            <translation>解锁被阻止</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Parameters changed</source>
            <translation>参数已修改</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Clock moved</source>
            <translation>时钟已调整</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="98" />
            <source>Recovery</source>
            <translation>故障恢复</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="110" />
            <source>Money</source>
            <translation>金额</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="110" />
            <source>Free energy</source>
            <translation>免费电量</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="110" />
            <source>Set balance</source>
            <translation>设置余额</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="110" />
            <source>Clear free energy</source>
            <translation>清零免费电量</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Balance about to run out</source>
            <translation>余额即将用尽</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Meter offline</source>
            <translation>电表离线</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Valve fault</source>
            <translation>阀门故障</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Ledger and meter disagree</source>
            <translation>账务与表内余额不符</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Reading needs review</source>
            <translation>读数待核查</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Meter refused a credit</source>
            <translation>电表拒绝充值下发</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Illegal appliance tripped</source>
            <translation>恶性负载跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Air conditioner unplugged</source>
            <translation>空调待机断电</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Low-power limit trip</source>
            <translation>熄灯后超限跳闸</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Branch locked out</source>
            <translation>回路已锁定</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Meter password blocked</source>
            <translation>电表密码已锁定</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="27" />
            <source>Wrong meter password</source>
            <translation>电表密码错误</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="36" />
            <source>Paid in minus share of consumption</source>
            <translation>实缴金额减去分摊用量</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="36" />
            <source>Balance split equally among the occupants</source>
            <translation>余额由在住学生平均分配</translation>
        </message>
        <message>
            <source>Open</source>
            <comment>relay</comment>
            <translation type="vanished">拉闸</translation>
        </message>
        <message>
            <source>Close</source>
            <comment>relay</comment>
            <translation type="vanished">合闸</translation>
        </message>
        <message>
            <source>Force the relay open: this branch has no power until Close or Auto.</source>
            <translation type="vanished">强制拉闸：本回路断电，直到合闸或恢复自动。</translation>
        </message>
        <message>
            <source>Force the relay closed: power stays on over prepaid, schedule, load control and linkage.</source>
            <translation type="vanished">强制合闸：不受预付费、时段控制、负载控制和联动影响，保持供电。</translation>
        </message>
        <message>
            <source>{branch}: forced open, no power.</source>
            <translation type="vanished">{branch}：已强制拉闸，断电。</translation>
        </message>
        <message>
            <source>Find a room: number, student number, name or pinyin initials</source>
            <translation type="vanished">查找房间：房间号、学号、姓名或拼音首字母</translation>
        </message>
        <message>
            <source>{bus}: …</source>
            <translation type="vanished">{bus}：…</translation>
        </message>
        <message>
            <source>Meters online: {online} of {total}</source>
            <translation type="vanished">在线电表：{online}/{total}</translation>
        </message>
        <message>
            <source>Errors since start: {kinds}</source>
            <translation type="vanished">启动以来的错误：{kinds}</translation>
        </message>
        <message>
            <source>Meters not connected</source>
            <translation type="vanished">未连接电表</translation>
        </message>
        <message>
            <source>No meter service runs on this workstation: the meters cannot be reached.</source>
            <translation type="vanished">本工作站未运行抄表服务，无法连接电表。</translation>
        </message>
        <message>
            <source>Open</source>
            <translation type="vanished">拉闸</translation>
        </message>
    </context>
    <context>
        <name>DormWattMessages</name>
        <message>
            <location filename="../../app/access.py" line="71" />
            <source>The operator “{0}” no longer exists: log in again.</source>
            <translation>操作员“{0}”已不存在：请重新登录。</translation>
        </message>
        <message>
            <location filename="../../app/access.py" line="74" />
            <source>The operator “{0}” has been deactivated: log in again as an active operator.</source>
            <translation>操作员“{0}”已被停用：请以在用的操作员重新登录。</translation>
        </message>
        <message>
            <location filename="../../app/access.py" line="82" />
            <location filename="../../app/access.py" line="90" />
            <source>unknown permission {0}</source>
            <translation>未知权限 {0}</translation>
        </message>
        <message>
            <location filename="../../app/access.py" line="95" />
            <source>{0} ({1}) may not do this: it needs the {2} role.</source>
            <translation>{0}（{1}）无权执行此操作：需要{2}角色。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_setup.py" line="14" />
            <source>Enter the school's name.</source>
            <translation>请输入学校名称。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_setup.py" line="16" />
            <source>Enter the first bus: a serial port or a gateway address.</source>
            <translation>请填写第一条总线：串口或网关地址。</translation>
        </message>
        <message>
            <location filename="../../app/campus/campus_setup.py" line="18" />
            <location filename="../../app/metering/commissioning.py" line="106" />
            <source>The baud rate is one of 2400, 4800, 9600 or 19200.</source>
            <translation>波特率只能是 2400、4800、9600 或 19200。</translation>
        </message>
        <message>
            <location filename="../../app/campus/history.py" line="175" />
            <source>There is no student with id {0}.</source>
            <translation>没有编号为 {0} 的学生。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="62" />
            <location filename="../../app/counter/payments.py" line="222" />
            <location filename="../../app/counter/payments.py" line="333" />
            <source>No student with id {0}.</source>
            <translation>没有编号为 {0} 的学生。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="69" />
            <location filename="../../app/campus/room_view.py" line="223" />
            <source>No room with id {0}.</source>
            <translation>没有编号为 {0} 的房间。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="91" />
            <location filename="../../app/campus/occupancy.py" line="185" />
            <source>{0} is a {1} room; {2} is {3}.</source>
            <translation>{0} 是{1}生宿舍；{2} 是{3}生。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="98" />
            <source>{0} has no bed {1}.</source>
            <translation>{0} 没有 {1} 号床。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="100" />
            <source>Bed {0} of {1} is already taken.</source>
            <translation>{1} 的 {0} 号床已有人入住。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="104" />
            <source>{0} is full ({1} of {2} beds taken).</source>
            <translation>{0} 已住满（{2} 张床位已占 {1} 张）。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="114" />
            <source>Bed {0} of {1} was just taken at another workstation.</source>
            <translation>{1} 的 {0} 号床刚刚在另一台工作站被占用。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="131" />
            <source>{0} is already checked in to {1}, bed {2}.</source>
            <translation>{0} 已入住 {1} 的 {2} 号床。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="133" />
            <source>{0} has status “{1}” and cannot be checked in.</source>
            <translation>{0} 的状态为“{1}”，不能办理入住。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="152" />
            <location filename="../../app/campus/occupancy.py" line="180" />
            <location filename="../../app/campus/occupancy.py" line="208" />
            <source>{0} is not checked in anywhere.</source>
            <translation>{0} 未在任何房间入住。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="155" />
            <source>{0} already lives in {1}, bed {2}.</source>
            <translation>{0} 已住在 {1} 的 {2} 号床。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="173" />
            <source>Choose two different students to swap.</source>
            <translation>请选择两名不同的学生进行调换。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="251" />
            <source>No student with number {0}.</source>
            <translation>没有学号为 {0} 的学生。</translation>
        </message>
        <message>
            <location filename="../../app/cli/__init__.py" line="71" />
            <source>serve: this build has no headless meter service</source>
            <translation>serve：此版本不含后台电表服务</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="23" />
            <source>expected addresses like 1-64,101, got {0}</source>
            <translation>地址应形如 1-64,101，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="25" />
            <source>addresses are 1..247 (low-high), got {0}</source>
            <translation>地址范围为 1..247（低-高），收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="34" />
            <source>expected seconds, got {0}</source>
            <translation>应为秒数，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="36" />
            <source>a reply timeout is 0.02 to 2 seconds, got {0}</source>
            <translation>应答超时为 0.02 至 2 秒，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="117" />
            <source>bus set: nothing to change; give --port, --baud, --parity, --name, --enable or --disable</source>
            <translation>bus set：没有要修改的内容；请给出 --port、--baud、--parity、--name、--enable 或 --disable</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="153" />
            <source>bus scan: bus {0} is being served by {1}; stop that service first (or give --force: its polls and the scan's requests would garble each other)</source>
            <translation>bus scan：总线 {0} 正由 {1} 运行；请先停止该服务（或加 --force：其轮询与扫描请求会互相干扰）</translation>
        </message>
        <message>
            <location filename="../../app/cli/bus.py" line="164" />
            <source>bus scan: {0}</source>
            <translation>总线扫描：{0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/maintenance.py" line="20" />
            <source>expected a whole number, got {0}</source>
            <translation>应为整数，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/maintenance.py" line="22" />
            <source>must be at least {0}, got {1}</source>
            <translation>至少为 {0}，收到 {1}</translation>
        </message>
        <message>
            <location filename="../../app/cli/maintenance.py" line="78" />
            <source>demo-data: name the store to fill with --out URL (or --db URL)</source>
            <translation>demo-data：请用 --out URL（或 --db URL）指定要填充的数据库</translation>
        </message>
        <message>
            <location filename="../../app/cli/maintenance.py" line="83" />
            <source>demo-data: the store already has rooms; give an empty one.</source>
            <translation>demo-data：该数据库已有房间；请指定一个空库。</translation>
        </message>
        <message>
            <location filename="../../app/cli/maintenance.py" line="117" />
            <source>audit verify: {0}</source>
            <translation>审计校验：{0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/meter.py" line="16" />
            <source>expected an address 1-247, got {0}</source>
            <translation>地址应为 1-247，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/meter.py" line="18" />
            <source>a meter address is 1-247, got {0}</source>
            <translation>电表地址为 1-247，收到 {0}</translation>
        </message>
        <message>
            <location filename="../../app/cli/stores.py" line="69" />
            <source>cannot use the database URL {0}: {1}</source>
            <translation>无法使用数据库地址 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../app/cli/stores.py" line="74" />
            <source>cannot open the store at {0}: {1}</source>
            <translation>无法打开数据库 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../app/cli/stores.py" line="88" />
            <source>the store at {0} was migrated by a newer version of DormWatt (schema {1}; this version knows up to {2}): use that version</source>
            <translation>数据库 {0} 已被更新版本的 DormWatt 升级（结构 {1}；本版本最高支持 {2}）：请使用该版本</translation>
        </message>
        <message>
            <location filename="../../app/cli/stores.py" line="96" />
            <source>the store at {0} is empty (no DormWatt schema); run `dormwatt db upgrade` first</source>
            <translation>数据库 {0} 为空（无 DormWatt 结构）；请先运行 `dormwatt db upgrade`</translation>
        </message>
        <message>
            <location filename="../../app/cli/stores.py" line="99" />
            <source>the store at {0} is at schema {1}, this version needs {2}; run `dormwatt db upgrade` first</source>
            <translation>数据库 {0} 的结构为 {1}，本版本需要 {2}；请先运行 `dormwatt db upgrade`</translation>
        </message>
        <message>
            <location filename="../../app/clock.py" line="49" />
            <source>a FixedClock needs an aware datetime</source>
            <translation>FixedClock 需要带时区的时间</translation>
        </message>
        <message>
            <location filename="../../app/clock.py" line="66" />
            <source>a RunningClock needs an aware datetime</source>
            <translation>RunningClock 需要带时区的时间</translation>
        </message>
        <message>
            <location filename="../../app/clock.py" line="111" />
            <source>A time without a time zone cannot be placed on a campus day.</source>
            <translation>没有时区的时间无法对应到校园日。</translation>
        </message>
        <message>
            <location filename="../../app/counter/capital_numerals.py" line="31" />
            <source>capital_amount takes Money, not {0}</source>
            <translation>capital_amount 需要 Money 类型，而不是 {0}</translation>
        </message>
        <message>
            <location filename="../../app/counter/capital_numerals.py" line="34" />
            <source>{0} is too large to write in capital numerals</source>
            <translation>{0} 太大，无法写成大写金额</translation>
        </message>
        <message>
            <location filename="../../app/counter/documents.py" line="47" />
            <location filename="../../app/counter/voids.py" line="91" />
            <source>No receipt {0}.</source>
            <translation>没有收据 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/documents.py" line="66" />
            <source>Shift {0} has no report yet: it is still open.</source>
            <translation>班次 {0} 尚无报表：该班次仍未交班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="148" />
            <location filename="../../app/counter/ledger.py" line="233" />
            <location filename="../../app/counter/payments.py" line="102" />
            <location filename="../../app/counter/payments.py" line="143" />
            <location filename="../../app/counter/payments.py" line="284" />
            <source>No account {0}.</source>
            <translation>没有账户 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="154" />
            <source>Every money operation needs an idempotency key.</source>
            <translation>每笔资金操作都需要一个幂等键。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="156" />
            <source>An idempotency key has at most {0} characters.</source>
            <translation>幂等键最多 {0} 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="196" />
            <source>A transfer needs two different accounts.</source>
            <translation>转账需要两个不同的账户。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="205" />
            <source>Say why the entry is reversed.</source>
            <translation>请填写冲正原因。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="209" />
            <source>No ledger entry {0}.</source>
            <translation>没有账目 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="211" />
            <source>A reversal cannot itself be reversed; post a new entry instead.</source>
            <translation>冲正记录本身不能再冲正；请另记一笔新账。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="219" />
            <source>Money taken or paid out at the counter is taken back by voiding its receipt, not by a reversal; nothing was reversed.</source>
            <translation>柜台收付的款项须通过作废其收据收回，不能冲正；未冲正。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="287" />
            <source>That entry has already been reversed.</source>
            <translation>该笔账目已被冲正。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="289" />
            <source>The operation could not be posted; try again.</source>
            <translation>该操作未能入账；请重试。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="320" />
            <source>The key {0} was already used for a different operation ({1}); nothing was posted.</source>
            <translation>键 {0} 已用于另一项操作（{1}）；未入账。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="335" />
            <source>The {0} reference {1} was already posted on {2} (entry {3}); it cannot be used twice.</source>
            <translation>{0}交易单号 {1} 已于 {2} 入账（账目 {3}）；不能重复使用。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="351" />
            <source>Entry {0} has already been reversed.</source>
            <translation>账目 {0} 已被冲正。</translation>
        </message>
        <message>
            <location filename="../../app/counter/ledger.py" line="362" />
            <source>{0} is more than the account's balance of {1}; nothing was posted.</source>
            <translation>{0} 超过账户余额 {1}；未入账。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="27" />
            <source>{0} must be an int number of fen, not {1}</source>
            <translation>{0} 必须是以分为单位的整数，而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="41" />
            <source>Money is immutable</source>
            <translation>Money 不可修改</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="62" />
            <source>Money.parse takes text, not a float</source>
            <translation>Money.parse 需要文本，而不是浮点数</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="64" />
            <source>Money.parse takes text, not {0}</source>
            <translation>Money.parse 需要文本，而不是 {0}</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="72" />
            <source>Enter an amount.</source>
            <translation>请输入金额。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="77" />
            <location filename="../../app/counter/money.py" line="102" />
            <location filename="../../app/counter/money.py" line="106" />
            <source>“{0}” is not an amount of money.</source>
            <translation>“{0}”不是有效的金额。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="78" />
            <source>“{0}” is not an amount of money: type digits with an optional decimal point and at most two decimals, such as 12.50.</source>
            <translation>“{0}”不是金额：请输入数字，可带小数点，最多两位小数，例如 12.50。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="84" />
            <source>“{0}” has more than two decimals; the smallest unit is 0.01 CNY.</source>
            <translation>“{0}”的小数超过两位；最小单位是 0.01 元。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="87" />
            <source>“{0}” is too large.</source>
            <translation>“{0}”太大。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="97" />
            <source>The amount cell is empty.</source>
            <translation>金额单元格为空。</translation>
        </message>
        <message>
            <location filename="../../app/counter/money.py" line="113" />
            <source>{0} must be more than zero.</source>
            <translation>{0}必须大于零。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="51" />
            <location filename="../../app/counter/payments.py" line="215" />
            <source>“{0}” is not a payment method this office accepts.</source>
            <translation>“{0}”不是本办公室接受的支付方式。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="58" />
            <source>Give at least one payment method, each code once.</source>
            <translation>请至少设置一种支付方式，每个代码只能出现一次。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="82" />
            <source>A single recharge is at most {0}; {1} was typed. Nothing was taken.</source>
            <translation>单笔充值最多 {0}；输入的是 {1}。未收款。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payment_methods.py" line="104" />
            <source>Give two amounts above zero, the one that is asked for again no larger than the ceiling.</source>
            <translation>请给出两个大于零的金额，需再次确认的金额不得高于上限。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="95" />
            <source>This room has no account yet; check a student in first.</source>
            <translation>该房间还没有账户；请先为学生办理入住。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="175" />
            <source>A payment reference has at most {0} characters; this one has {1}. Nothing was posted.</source>
            <translation>支付参考号最多 {0} 个字符；此参考号有 {1} 个。未入账。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="178" />
            <source>The payment reference contains a line break, control or invisible character; type it again as printed on the payment. Nothing was posted.</source>
            <translation>支付参考号含有换行、控制字符或不可见字符；请按支付凭证上的内容重新输入。未入账。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="218" />
            <source>A {0} recharge needs the transaction reference.</source>
            <translation>{0}充值需要填写交易单号。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="224" />
            <source>{0} ({1}) does not live in this room.</source>
            <translation>{0}（{1}）不住在这个房间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="227" />
            <source>This room has no electricity meter; the money could not reach the room.</source>
            <translation>该房间没有电表；款项无法充入房间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="319" />
            <source>A refund needs an idempotency key of at most {0} characters.</source>
            <translation>退款需要一个不超过 {0} 个字符的幂等键。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="324" />
            <source>The key {0} was already used for a different refund; nothing was refunded.</source>
            <translation>键 {0} 已用于另一笔退款；未退款。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="335" />
            <source>{0} ({1}) has never lived in this room; a refund goes to a student who lives or lived here. Nothing was refunded.</source>
            <translation>{0}（{1}）从未住过本房间；退款只能退给现住或曾住本房间的学生。未退款。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="340" />
            <source>At most {0} can be refunded from this account; {1} was asked. Nothing was refunded.</source>
            <translation>该账户最多可退 {0}，申请退款 {1}。未退任何款项。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="350" />
            <source>This room has no electricity meter to take the money back from.</source>
            <translation>该房间没有电表，无法从电表中退回款项。</translation>
        </message>
        <message>
            <location filename="../../app/counter/payments.py" line="399" />
            <source>Refunds above {0} a day from one account need an administrator's approval.</source>
            <translation>同一账户每天退款超过 {0} 需经管理员批准。</translation>
        </message>
        <message>
            <location filename="../../app/counter/receipts_pdf.py" line="68" />
            <source>Unknown paper {0}; one of {1}</source>
            <translation>未知纸张 {0}；可选：{1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="118" />
            <source>A receipt is one of {0}, not {1}</source>
            <translation>收据类型应为 {0} 之一，而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="120" />
            <source>A receipt's utility is one of {0}, not {1}</source>
            <translation>收据的能源类型应为 {0} 之一，而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="245" />
            <source>A settlement period cannot end before it starts</source>
            <translation>结算期的结束不能早于开始</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="261" />
            <source>{0} must be an int (amounts in fen), not {1}</source>
            <translation>{0} 必须是整数（以分计），而不是 {1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="267" />
            <source>{0} must be more than zero</source>
            <translation>{0} 必须大于零</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="272" />
            <source>{0} must be an aware datetime</source>
            <translation>{0} 必须是带时区的时间</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="279" />
            <source>A shift cannot close before it opens</source>
            <translation>班次的交班时间不能早于开班时间</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="287" />
            <source>The cash difference {0} is not counted {1} − expected {2}</source>
            <translation>现金差额 {0} 不等于实点 {1} − 应有 {2}</translation>
        </message>
        <message>
            <location filename="../../app/counter/report_data.py" line="295" />
            <source>{0}: {1} cannot be negative</source>
            <translation>{0}：{1} 不能为负数</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement.py" line="79" />
            <location filename="../../app/counter/settlement_policy.py" line="271" />
            <source>“{0}” is not a settlement policy; use {1}.</source>
            <translation>“{0}”不是结算方式；请使用 {1}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement.py" line="93" />
            <source>{0} is not checked in anywhere, so there is nothing to settle.</source>
            <translation>{0} 未在任何房间入住，无需结算。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement.py" line="186" />
            <source>The {0} refund of {1} would take today's refunds from the room's account above {2}: an administrator must approve it. Nothing was done.</source>
            <translation>{0}退款 {1} 将使本房间账户今日退款总额超过 {2}：须经管理员批准。未做任何操作。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement.py" line="224" />
            <source>There is no settlement {0}.</source>
            <translation>没有结算单 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="159" />
            <source>allocate takes an int number of fen</source>
            <translation>allocate 需要以分为单位的整数</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="162" />
            <source>There is nobody to share the amount among.</source>
            <translation>没有可分摊该金额的人。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="164" />
            <source>Shares are whole numbers, zero or more, and not all zero.</source>
            <translation>分摊份额必须是零或正整数，且不能全为零。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="177" />
            <source>{0} has no time zone; give times as aware datetimes.</source>
            <translation>{0} 没有时区；请使用带时区的时间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="200" />
            <source>Entry {0} is of unknown kind “{1}”.</source>
            <translation>账目 {0} 的类型“{1}”未知。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="203" />
            <source>Entry {0} ({1}) has an impossible amount of {2} fen.</source>
            <translation>账目 {0}（{1}）的金额 {2} 分不可能成立。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="208" />
            <source>Entry {0} is a reversal, but does not undo an earlier entry of this account.</source>
            <translation>账目 {0} 是冲正记录，但没有冲销本账户之前的任何账目。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="210" />
            <source>Entry {0} is reversed twice.</source>
            <translation>账目 {0} 被冲正了两次。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="275" />
            <source>The stay of {0} ({1}) ends before it starts.</source>
            <translation>{0}（{1}）的住宿结束时间早于开始时间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="278" />
            <source>This student has no stay in this room, so there is nothing to settle.</source>
            <translation>该学生没有在此房间住宿的记录，无需结算。</translation>
        </message>
        <message>
            <location filename="../../app/counter/settlement_policy.py" line="281" />
            <source>{0} ({1}) had not yet moved into this room at the check-out time.</source>
            <translation>退宿时间点时，{0}（{1}）尚未入住此房间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="58" />
            <source>The cash float cannot be negative.</source>
            <translation>备用金不能为负数。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="61" />
            <location filename="../../app/counter/shifts.py" line="67" />
            <source>You already have an open shift; close it before opening another.</source>
            <translation>您已有一个未交班的班次；请先交班再开新班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="89" />
            <source>Open a shift before taking or paying out money at the counter.</source>
            <translation>在柜台收款或付款前请先开班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="130" />
            <source>Counted cash cannot be negative.</source>
            <translation>清点的现金不能为负数。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="136" />
            <source>{0} refund(s) are still waiting for their meters; the shift cannot close yet.</source>
            <translation>还有 {0} 笔退款在等待电表执行；暂时不能交班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="140" />
            <source>{0} void(s) are still waiting for their meters to give the credit back; the shift cannot close yet.</source>
            <translation>还有 {0} 笔作废在等待电表退回电费，暂不能交班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="176" />
            <source>{0} has not begun yet; a day can only be closed from that day on.</source>
            <translation>{0} 尚未开始；只能在当天或之后日结。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="180" />
            <source>{0} is already closed; reprint its report instead.</source>
            <translation>{0} 已交班；请改为重新打印其报表。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="185" />
            <source>{0} shift(s) of that day are still open; close them first.</source>
            <translation>当天还有 {0} 个班次未交班；请先交班。</translation>
        </message>
        <message>
            <location filename="../../app/counter/shifts.py" line="224" />
            <source>There is no day close number {0}.</source>
            <translation>没有编号为 {0} 的日结。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="131" />
            <source>reference {0} is stored as a number; format the column as text and export again.</source>
            <translation>交易单号 {0} 以数字形式保存；请将该列设为文本格式后重新导出。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="134" />
            <source>reference is empty.</source>
            <translation>交易单号为空。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="136" />
            <source>reference is longer than {0} characters.</source>
            <translation>交易单号超过 {0} 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="142" />
            <source>amount is empty.</source>
            <translation>金额为空。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="150" />
            <source>amount {0}</source>
            <translation>金额{0}</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="151" />
            <source>amount “{0}” is not an amount of money.</source>
            <translation>金额“{0}”不是有效的金额。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="153" />
            <source>amount is zero.</source>
            <translation>金额为零。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="161" />
            <source>time {0} has a date but no time of day.</source>
            <translation>时间 {0} 只有日期，没有具体时刻。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="163" />
            <source>time {0} has a time of day but no date.</source>
            <translation>时间 {0} 只有时刻，没有日期。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="165" />
            <source>time is empty.</source>
            <translation>时间为空。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="167" />
            <source>time {0} is a number, not a date and time.</source>
            <translation>时间 {0} 是数字，而不是日期时间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="177" />
            <source>time “{0}” is not a date and time like 2026-11-03 14:05:00.</source>
            <translation>时间“{0}”不是形如 2026-11-03 14:05:00 的日期时间。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="179" />
            <source>time “{0}” has a date but no time of day.</source>
            <translation>时间“{0}”只有日期，没有具体时刻。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="188" />
            <location filename="../../app/counter/statement_import.py" line="197" />
            <location filename="../../app/counter/statement_import.py" line="203" />
            <source>row {0}: {1}</source>
            <translation>第 {0} 行：{1}</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="216" />
            <source>{0} has no header row naming the reference, amount and time columns (looked at the first {1} rows).</source>
            <translation>{0} 中没有标明交易单号、金额和时间列的表头行（已查看前 {1} 行）。</translation>
        </message>
        <message>
            <location filename="../../app/counter/statement_import.py" line="234" />
            <source>row {0}: reference {1} already appears in row {2}.</source>
            <translation>第 {0} 行：交易单号 {1} 已在第 {2} 行出现。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="93" />
            <source>Only a recharge can be voided; receipt {0} is not one.</source>
            <translation>只有充值可以作废；收据 {0} 不是充值。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="176" />
            <source>Say why the recharge is voided: the reason is printed on the void receipt.</source>
            <translation>请填写作废原因：原因会打印在作废凭证上。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="187" />
            <source>Receipt {0} was taken in a shift that is closed or not yours; only an administrator can void it now.</source>
            <translation>收据 {0} 所在的班次已结束或不是您的班次；现在只有管理员可以作废。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="198" />
            <source>The room has already spent part of this recharge: {0} of {1} can still be voided. Nothing was voided.</source>
            <translation>该房间已用掉这笔充值的一部分：{1} 中只有 {0} 还可以作废。未作废。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="212" />
            <source>Receipt {0} was already voided by receipt {1}.</source>
            <translation>收据 {0} 已被收据 {1} 作废。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="214" />
            <source>Receipt {0} was already reversed by an administrator.</source>
            <translation>收据 {0} 已由管理员冲正。</translation>
        </message>
        <message>
            <location filename="../../app/counter/voids.py" line="217" />
            <source>Receipt {0} is already being voided: its meter is giving the credit back.</source>
            <translation>收据 {0} 正在作废中：电表正在退回电费。</translation>
        </message>
        <message>
            <location filename="../../app/demo/runtime.py" line="122" />
            <source>The store has no enabled bus on a local socket:// port to simulate.</source>
            <translation>数据库中没有可供模拟的、位于本地 socket:// 端口上的已启用总线。</translation>
        </message>
        <message>
            <location filename="../../app/demo/runtime.py" line="215" />
            <source>The meter simulator did not start: {0}</source>
            <translation>电表模拟器未能启动：{0}</translation>
        </message>
        <message>
            <location filename="../../app/demo/runtime.py" line="240" />
            <source>The simulated bus on {0}:{1} does not accept connections.</source>
            <translation>{0}:{1} 上的模拟总线不接受连接。</translation>
        </message>
        <message>
            <location filename="../../app/events.py" line="77" />
            <location filename="../../app/events.py" line="91" />
            <location filename="../../app/events.py" line="118" />
            <source>unknown event topic {0}</source>
            <translation>未知的事件主题 {0}</translation>
        </message>
        <message>
            <location filename="../../app/events.py" line="121" />
            <source>events can only be staged inside Store.write()</source>
            <translation>事件只能在 Store.write() 中登记</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="96" />
            <source>{0} is not UTF-8 text; save the file as “CSV UTF-8”.</source>
            <translation>{0} 不是 UTF-8 文本；请将文件另存为“CSV UTF-8”。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="104" />
            <source>{0} could not be read as CSV at line {1} ({2}).</source>
            <translation>{0} 第 {1} 行无法按 CSV 读取（{2}）。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="115" />
            <location filename="../../app/files/tables.py" line="128" />
            <source>{0} is not a readable .xlsx workbook ({1}).</source>
            <translation>{0} 不是可读取的 .xlsx 工作簿（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="117" />
            <source>{0} would unpack to {1}, more than the {2} a table may take; it is not an ordinary spreadsheet.</source>
            <translation>{0} 解压后将达 {1}，超过表格允许的 {2}；这不是普通的电子表格。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="131" />
            <source>{0} is not a readable .xlsx workbook (it has no worksheet).</source>
            <translation>{0} 不是可读取的 .xlsx 工作簿（其中没有工作表）。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="140" />
            <source>cell {0} holds a formula ({1}) without a saved value; open the file in Excel or WPS, save it and import it again.</source>
            <translation>单元格 {0} 是公式（{1}），但没有保存计算结果；请用 Excel 或 WPS 打开文件、保存后重新导入。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="162" />
            <source>{0} is an old .xls workbook; save it as .xlsx or CSV UTF-8 and import that.</source>
            <translation>{0} 是旧版 .xls 工作簿；请另存为 .xlsx 或 CSV UTF-8 后再导入。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="164" />
            <source>{0} is neither a .csv nor an .xlsx file.</source>
            <translation>{0} 既不是 .csv 文件也不是 .xlsx 文件。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="166" />
            <source>The file {0} does not exist.</source>
            <translation>文件 {0} 不存在。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="170" />
            <source>{0} is {1}, more than the {2} a table may be.</source>
            <translation>{0} 大小为 {1}，超过表格允许的 {2}。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="175" />
            <source>{0} could not be read ({1}).</source>
            <translation>无法读取 {0}（{1}）。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="195" />
            <source>{0} has more than {1} rows below its header; split it into smaller files.</source>
            <translation>{0} 表头以下超过 {1} 行；请拆分成较小的文件。</translation>
        </message>
        <message>
            <location filename="../../app/files/tables.py" line="203" />
            <source>it has {0} cells but the header has {1} columns (a value with a comma not in quotes?); nothing was read from it.</source>
            <translation>该行有 {0} 个单元格，而表头只有 {1} 列（是否有含逗号的值未加引号？）；此行未读取。</translation>
        </message>
        <message>
            <location filename="../../app/integrity/anchors.py" line="82" />
            <source>{0}:{1} is not an anchor line</source>
            <translation>{0} 第 {1} 行不是锚点记录</translation>
        </message>
        <message>
            <location filename="../../app/integrity/chain.py" line="80" />
            <source>cannot hash a {0}</source>
            <translation>无法计算 {0} 类型的哈希</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="73" />
            <source>unknown alarm kind {0}</source>
            <translation>未知告警类型 {0}</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="110" />
            <source>Say what was done about the alarm.</source>
            <translation>请填写对该告警的处理情况。</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="114" />
            <source>No alarm {0}.</source>
            <translation>没有编号为 {0} 的告警。</translation>
        </message>
        <message>
            <location filename="../../app/metering/alarms.py" line="116" />
            <source>That alarm was already acknowledged.</source>
            <translation>该告警已被确认过。</translation>
        </message>
        <message>
            <location filename="../../app/metering/billing_electricity.py" line="197" />
            <source>Energy register {0}: {1} → {2} kWh; not billed.</source>
            <translation>电能读数异常（{0}）：{1} → {2} kWh；未计费。</translation>
        </message>
        <message>
            <location filename="../../app/metering/billing_electricity.py" line="229" />
            <source>Ledger says {0}, meter says {1}.</source>
            <translation>账上余额 {0}，电表余额 {1}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/billing_water.py" line="80" />
            <source>Water register moved {0} → {1} L; not billed.</source>
            <translation>水表读数变化异常：{0} → {1} 升；未计费。</translation>
        </message>
        <message>
            <location filename="../../app/metering/billing_water.py" line="102" />
            <source>The water valve reports a fault; water may still flow and is still billed.</source>
            <translation>水阀报告故障；仍可能有水流出，用水照常计费。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="81" />
            <location filename="../../app/metering/commissioning.py" line="163" />
            <location filename="../../app/metering/commissioning.py" line="214" />
            <location filename="../../app/metering/commissioning.py" line="310" />
            <source>There is no bus {0}.</source>
            <translation>没有总线 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="102" />
            <source>Give the bus's serial port or gateway address (e.g. /dev/ttyUSB0, socket://10.0.0.5:4196).</source>
            <translation>请给出总线的串口或网关地址（如 /dev/ttyUSB0、socket://10.0.0.5:4196）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="104" />
            <source>The port address is longer than 255 characters.</source>
            <translation>端口地址超过 255 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="108" />
            <source>The parity is N (none), E (even) or O (odd).</source>
            <translation>校验位为 N（无）、E（偶）或 O（奇）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="115" />
            <source>Bus {0} already uses the port {1}: one port carries one bus.</source>
            <translation>总线 {0} 已使用端口 {1}：一个端口只承载一条总线。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="121" />
            <source>A bus name is 1 to 64 characters long.</source>
            <translation>总线名称长度为 1 至 64 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="123" />
            <source>There is already a bus named “{0}”.</source>
            <translation>已有名为“{0}”的总线。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="172" />
            <source>Bus {0} carries {1} water meter(s), which speak 8N1 only: its parity must stay N.</source>
            <translation>总线 {0} 上有 {1} 块水表，水表只支持 8N1：校验位必须保持 N。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="191" />
            <source>There is no room “{0}”.</source>
            <translation>没有房间“{0}”。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="203" />
            <source>The meter kind is ddsy (electricity) or lxsy (water).</source>
            <translation>表计类型为 ddsy（电表）或 lxsy（水表）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="205" />
            <source>A meter address is 1 to 247.</source>
            <translation>表计地址为 1 至 247。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="207" />
            <source>A serial number is at most 32 characters long.</source>
            <translation>表号最长 32 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="221" />
            <source>Address {0} on bus {1} is already used by the {2} of {3}.</source>
            <translation>总线 {1} 上的地址 {0} 已被 {3} 的{2}使用。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="225" />
            <source>Room {0} already has an active {1} (address {2} on bus {3}).</source>
            <translation>房间 {0} 已有在用的{1}（总线 {3} 地址 {2}）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="228" />
            <source>Water meters speak 8N1 only, and bus {0} runs with parity {1}.</source>
            <translation>水表只支持 8N1，而总线 {0} 的校验位为 {1}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/commissioning.py" line="254" />
            <source>A meter password is a number from 1 to 9999.</source>
            <translation>电表密码为 1 至 9999 的数字。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota.py" line="86" />
            <source>Term {0} still has free quota out ({1} grant(s)); keep it in the calendar until it has ended and its quota has expired.</source>
            <translation>学期 {0} 仍有未到期的免费额度（{1} 笔）；请在其结束且额度到期前保留在校历中。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota.py" line="221" />
            <source>Set the term calendar before adding a per-term quota.</source>
            <translation>请先设置学期日历，再添加按学期的配额。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="65" />
            <source>“{0}” is not a term key; write the year and the term, like 2026-T1.</source>
            <translation>“{0}”不是学期代码；请写年份和学期，如 2026-T1。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="67" />
            <source>Term {0} must start and end on dates, not times.</source>
            <translation>学期 {0} 的开始和结束必须是日期，而不是时间。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="69" />
            <source>Term {0} ends on {1}, before it starts on {2}.</source>
            <translation>学期 {0} 的结束日期 {1} 早于开始日期 {2}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="74" />
            <source>Term {0} appears twice in the term calendar.</source>
            <translation>学期 {0} 在学期日历中出现了两次。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="79" />
            <source>Terms {0} and {1} overlap: {2} starts on {3}, before {4} ends on {5}.</source>
            <translation>学期 {0} 与 {1} 重叠：{2} 于 {3} 开始，早于 {4} 的结束日期 {5}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="102" />
            <location filename="../../app/metering/quota_periods.py" line="151" />
            <source>“{0}” is not a quota period; use month or term.</source>
            <translation>“{0}”不是配额周期；请使用 month（月）或 term（学期）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="111" />
            <source>“{0}” is not a month.</source>
            <translation>“{0}”不是有效的月份。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="116" />
            <source>“{0}” is neither a month like 2026-11 nor a term in the term calendar.</source>
            <translation>“{0}”既不是形如 2026-11 的月份，也不是学期日历中的学期。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="147" />
            <location filename="../../app/metering/quota_periods.py" line="225" />
            <source>“{0}” is not a utility; use electricity or water.</source>
            <translation>“{0}”不是能源类型；请使用 electricity（电）或 water（水）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="149" />
            <source>“{0}” is not a quota scope; use room or student.</source>
            <translation>“{0}”不是配额范围；请使用 room（房间）或 student（学生）。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="159" />
            <source>{0} is a whole number of units, zero or more.</source>
            <translation>{0}必须是零或正整数。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="189" />
            <source>The rule grants per {0}, but {1} is a {2}.</source>
            <translation>该规则按{0}发放，但 {1} 是{2}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="193" />
            <source>This rule does not carry unused quota over, so nothing can be carried in.</source>
            <translation>该规则不结转未用配额，因此无法转入。</translation>
        </message>
        <message>
            <location filename="../../app/metering/quota_periods.py" line="195" />
            <source>At most {0} may be carried over.</source>
            <translation>最多可结转 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/command_runner.py" line="86" />
            <location filename="../../app/metering/runtime/commands.py" line="70" />
            <source>unknown meter command {0}</source>
            <translation>未知的电表命令 {0}</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/commands.py" line="78" />
            <source>This room has no {0} meter.</source>
            <translation>该房间没有{0}表。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/commands.py" line="80" />
            <source>This room's meter is not on any line yet; assign it to a bus first.</source>
            <translation>该房间的电表尚未接入任何线路；请先分配到总线。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/commands.py" line="102" />
            <source>Choose at least one branch to release.</source>
            <translation>请至少选择一个要复位的支路。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/commands.py" line="114" />
            <source>No meter command {0}.</source>
            <translation>没有电表命令 {0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/delivery.py" line="173" />
            <source>The meter refused the configured password (wrong meter password). Credits for it wait until the password is corrected; it is not tried again, so the meter does not block unlocking.</source>
            <translation>电表拒绝了所配置的密码（电表密码错误）。该表的充值将等待密码更正后再下发；不会重试，以免电表锁定解锁。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/delivery.py" line="240" />
            <source>The meter refused purchase {0}: {1}</source>
            <translation>电表拒绝了购电 {0}：{1}</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/delivery.py" line="293" />
            <source>Purchase sequence {0} on the meter holds {1}, not purchase {2} ({3}); it is sent again with the next sequence.</source>
            <translation>电表上的购电序号 {0} 对应的是 {1}，而非购电 {2}（{3}）；将以下一个序号重新下发。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/runtime.py" line="199" />
            <source>room {0} has no {1} meter on a running bus</source>
            <translation>房间 {0} 在运行中的总线上没有{1}表</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="39" />
            <location filename="../../app/metering/tariffs.py" line="41" />
            <source>“{0}” is not a price.</source>
            <translation>“{0}”不是有效的单价。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="44" />
            <source>“{0}” has more than four decimals.</source>
            <translation>“{0}”的小数超过四位。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="46" />
            <source>“{0}” is above the meter's highest price.</source>
            <translation>“{0}”高于电表允许的最高单价。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="54" />
            <source>Unknown utility “{0}”.</source>
            <translation>未知能源类型“{0}”。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="56" />
            <source>A unit price is a whole number of 0.0001 CNY between 0 and 99,999,999.</source>
            <translation>单价必须是 0 到 99,999,999 之间、以 0.0001 元为单位的整数。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="63" />
            <source>A {0} price already starts on {1}; choose a later date.</source>
            <translation>已有一个{0}价格从 {1} 开始生效；请选择更晚的日期。</translation>
        </message>
        <message>
            <location filename="../../app/metering/tariffs.py" line="84" />
            <source>No {0} price is in force on {1}.</source>
            <translation>{1} 没有生效的{0}价格。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="54" />
            <source>A password cannot be blank.</source>
            <translation>密码不能为空。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="56" />
            <source>A password needs at least {0} characters.</source>
            <translation>密码至少需要 {0} 个字符。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="88" />
            <source>A login name is required.</source>
            <translation>必须填写登录名。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="90" />
            <location filename="../../app/operators.py" line="221" />
            <source>Unknown role “{0}”: choose clerk, technician or admin.</source>
            <translation>未知角色“{0}”：请选择收费员、技术员或管理员。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="96" />
            <source>The first operator of a new store must be an administrator.</source>
            <translation>新数据库的第一位操作员必须是管理员。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="99" />
            <source>Log in as an administrator to add operators.</source>
            <translation>请以管理员身份登录后再添加操作员。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="102" />
            <source>The login “{0}” is already taken.</source>
            <translation>登录名“{0}”已被占用。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="179" />
            <source>Too many failed logins: this login is locked until {0}. Try again then, or ask an administrator to set a new password.</source>
            <translation>登录失败次数过多：此账号已锁定至 {0}。请届时再试，或请管理员重新设置密码。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="183" />
            <source>Wrong login name or password.</source>
            <translation>登录名或密码错误。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="185" />
            <source>The operator “{0}” is deactivated.</source>
            <translation>操作员“{0}”已停用。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="196" />
            <source>No operator with id {0}.</source>
            <translation>没有编号为 {0} 的操作员。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="214" />
            <source>“{0}” is the last active administrator: make another operator an administrator first.</source>
            <translation>“{0}”是最后一名在用的管理员：请先将另一名操作员设为管理员。</translation>
        </message>
        <message>
            <location filename="../../app/operators.py" line="234" />
            <source>You cannot deactivate yourself.</source>
            <translation>不能停用自己的账号。</translation>
        </message>
        <message>
            <location filename="../../app/sync/change_log.py" line="53" />
            <source>an origin is 1 to {0} characters, not {1}</source>
            <translation>来源名称为 1 至 {0} 个字符，而非 {1}</translation>
        </message>
        <message>
            <location filename="../../app/sync/follower.py" line="87" />
            <source>a follower starts once</source>
            <translation>跟随器只能启动一次</translation>
        </message>
        <message>
            <location filename="../../app/sync/lease_keeper.py" line="89" />
            <source>the keeper must renew more often than its leases run out</source>
            <translation>租约守护必须在租约到期前续约</translation>
        </message>
        <message>
            <location filename="../../app/sync/lease_keeper.py" line="117" />
            <source>a lease keeper starts once</source>
            <translation>租约守护只能启动一次</translation>
        </message>
        <message>
            <location filename="../../app/sync/leases.py" line="59" />
            <source>an owner is 1 to 128 characters, not {0}</source>
            <translation>持有者名称为 1 至 128 个字符，而非 {0}</translation>
        </message>
        <message>
            <location filename="../../app/sync/leases.py" line="61" />
            <source>a lease lasts a positive time</source>
            <translation>租约时长必须为正</translation>
        </message>
        <message>
            <location filename="../../db/base.py" line="33" />
            <source>naive datetime given to a UTC column</source>
            <translation>UTC 列收到了不带时区的时间</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="66" />
            <source>no store at {0}{1}</source>
            <translation>{0} 处没有数据库{1}</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="119" />
            <source>Another workstation was changing the same records at the same moment; nothing was saved. Try again.</source>
            <translation>另一台工作站正在同时修改相同的记录；未保存任何内容。请重试。</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="122" />
            <source>The database is read-only; nothing was saved. You can look but not change anything: ask the administrator for write access to the database.</source>
            <translation>数据库为只读；未保存任何内容。您可以查看，但不能更改：请向管理员申请数据库的写入权限。</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="125" />
            <source>A number or text is too large for the database to store; nothing was saved. Check the amounts and texts you entered.</source>
            <translation>数字或文字过大，数据库无法保存；未保存任何内容。请检查您输入的金额和文字。</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="128" />
            <source>The database cannot store one of the values given; nothing was saved. Check what you entered.</source>
            <translation>数据库无法保存所给的某个值；未保存任何内容。请检查您输入的内容。</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="131" />
            <source>The database is locked by another program; nothing was saved. Try again.</source>
            <translation>数据库被其他程序锁定；未保存任何内容。请重试。</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="134" />
            <source>The database cannot be reached; nothing was saved. ({0})</source>
            <translation>无法连接数据库；未保存任何内容。（{0}）</translation>
        </message>
        <message>
            <location filename="../../db/engine.py" line="136" />
            <source>The database refused the change; nothing was saved. ({0})</source>
            <translation>数据库拒绝了此次修改；未保存任何内容。（{0}）</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="79" />
            <source>An illegal appliance was detected on branch {0}; the branch is off.</source>
            <translation>{0}回路检测到违规电器；该回路已断电。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="79" />
            <source>Over-power on branch {0}; the branch tripped.</source>
            <translation>{0}回路功率超限；该回路已跳闸。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="79" />
            <source>The air conditioner was unplugged; branch {0} is off.</source>
            <translation>空调插头已拔出；{0}回路已断电。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="79" />
            <source>Too much power during lights-off on branch {0}; it tripped.</source>
            <translation>熄灯期间{0}回路功率过大；已跳闸。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="79" />
            <source>Branch {0} is locked out after repeated trips; release it at the counter.</source>
            <translation>{0}回路多次跳闸后已锁定；请到柜台解锁。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="79" />
            <source>The meter blocked unlocking after wrong passwords.</source>
            <translation>多次密码错误后，电表已禁止解锁。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="32" />
            <source>lighting</source>
            <translation>照明</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="32" />
            <source>sockets</source>
            <translation>插座</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="32" />
            <source>air conditioning</source>
            <translation>空调</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="32" />
            <source>meter</source>
            <translation>电表</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="92" />
            <source>The room is in arrears: {0}.</source>
            <translation>房间已欠费：{0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="92" />
            <source>The balance is about to run out: {0}.</source>
            <translation>余额即将用完：{0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="92" />
            <source>The balance is low: {0}.</source>
            <translation>余额不足：{0}。</translation>
        </message>
        <message>
            <location filename="../../app/metering/runtime/vocabulary.py" line="96" />
            <source>The electricity meter stopped answering.</source>
            <translation>电表已停止应答。</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="32" />
            <source>male</source>
            <translation>男</translation>
        </message>
        <message>
            <location filename="../../app/campus/occupancy.py" line="32" />
            <source>female</source>
            <translation>女</translation>
        </message>
        <message>
            <source>Refunds above {0} need an administrator's approval.</source>
            <translation type="vanished">超过 {0} 的退款需要管理员批准。</translation>
        </message>
        <message>
            <source>The {0} refund of {1} is above {2}: an administrator must approve it. Nothing was done.</source>
            <translation type="vanished">{0}退款 {1} 超过 {2}：须由管理员批准。未做任何处理。</translation>
        </message>
        <message>
            <source>{0} is not UTF-8 text; save the statement as “CSV UTF-8”.</source>
            <translation type="vanished">{0} 不是 UTF-8 文本；请将对账单另存为“CSV UTF-8”。</translation>
        </message>
        <message>
            <source>The database is read-only; nothing was saved. Check the file's permissions.</source>
            <translation type="vanished">数据库为只读；未保存任何内容。请检查文件权限。</translation>
        </message>
    </context>
</TS>
